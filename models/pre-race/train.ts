import type {HistoryTables} from "../../src/sport/history-tables.js";
import type {ModelArtefacts} from "../shared/artefacts.js";
import {BucketPrior, normalize} from "../shared/grid-prior.js";
import {predictGroupSoftmax, trainGroupSoftmax, type GroupSoftmaxParams} from "../shared/group-softmax.js";
import {packGroups} from "../shared/groups.js";
import {
  calibrationTable,
  roundScores,
  scoreBinary,
  scoreContests,
  type CalibrationBin,
  type Contest,
  type ContestScores,
} from "../shared/metrics.js";
import {OPSET} from "../shared/onnx-graph.js";
import {exportGroupModel} from "../shared/parity.js";
import {calibrationMarkdown, markdownTable} from "../shared/report.js";
import {buildPreRaceRows, PRE_RACE_FEATURES, type PreRaceRow} from "./features.js";
import {TRAINING_LIBRARY} from "../shared/library.js";

/** How the pre-race model is trained and evaluated. */
export const PRE_RACE_SETTINGS = {
  /** First season of training rows (form is tracked from 1950 regardless). */
  trainFrom: 2003,
  /** Seasons evaluated one by one, each by a model trained on the seasons before it. */
  testSeasons: [2021, 2022, 2023, 2024, 2025],
  /** Seasons the card reports (2021 is scored only to feed the in-race model's training). */
  reportSeasons: [2022, 2023, 2024, 2025],
  hidden: 0,
  iterations: 300,
  learningRate: 0.05,
  l2: 1e-3,
  seed: 5,
  /** Weight of a training race, per season of age relative to the newest training season. */
  recency: 1,
};

export type PreRaceSettings = typeof PRE_RACE_SETTINGS;

/** Scores of one held-out season. */
export interface PreRaceSeasonReport {
  season: number;
  races: number;
  trainedOn: [number, number];
  win: {model: ContestScores; gridBaseline: ContestScores};
  podium: {model: {logLoss: number; brier: number}; gridBaseline: {logLoss: number; brier: number}};
}

/** Out-of-sample win probability of a driver in a race ("2023/5/max_verstappen"), from the season folds. */
export type OutOfSample = Map<string, number>;

/** Key of a driver in a race, for OutOfSample. */
export function entryKey(year: number, round: number, driverRef: string): string {
  return `${year}/${round}/${driverRef}`;
}

const groupOf = (row: PreRaceRow) => `${row.year}/${row.round}`;
const toGroupRows = (rows: readonly PreRaceRow[]) =>
  rows.map((row) => ({group: groupOf(row), features: row.features, win: row.win, podium: row.podium}));

/** Fits the model on rows, weighting races by recency. */
async function fit(
  rows: readonly PreRaceRow[],
  settings: PreRaceSettings,
  log: (message: string) => void,
): Promise<GroupSoftmaxParams> {
  const batch = packGroups(toGroupRows(rows), PRE_RACE_FEATURES.length);
  const newest = Math.max(...rows.map((row) => row.year));
  const yearOf = new Map(rows.map((row) => [groupOf(row), row.year]));
  const weights = Float32Array.from(batch.ids, (id) => settings.recency ** (newest - yearOf.get(id)!));
  return trainGroupSoftmax(batch, {
    hidden: settings.hidden,
    podium: true,
    iterations: settings.iterations,
    learningRate: settings.learningRate,
    l2: settings.l2,
    seed: settings.seed,
    groupWeights: weights,
    onProgress: (iteration, loss) => {
      if (iteration === settings.iterations) log(`  ${iteration} iterations, loss ${loss.toFixed(4)}`);
    },
  });
}

/** Win and podium probabilities of rows (grouped by race), from the trained model. */
export async function predictPreRace(
  params: GroupSoftmaxParams,
  rows: readonly PreRaceRow[],
): Promise<{win: number[]; podium: number[]}> {
  const batch = packGroups(toGroupRows(rows), PRE_RACE_FEATURES.length);
  const output = await predictGroupSoftmax(params, batch.x, batch.present, batch.slots);
  return {
    win: Array.from(batch.rowIndex, (flat) => output.win[flat]!),
    podium: Array.from(batch.rowIndex, (flat) => output.podium![flat]!),
  };
}

/** The grid-order prior: P(win | grid) and P(podium | grid) from training rows, normalized per race for wins. */
function gridBaseline(train: readonly PreRaceRow[], test: readonly PreRaceRow[]) {
  const bucket = (row: PreRaceRow) => String(Math.min(Math.round(Math.exp(row.features[0]!)), 21));
  const wins = new BucketPrior(0.05);
  const podiums = new BucketPrior(0.15);
  for (const row of train) {
    wins.add(bucket(row), row.win);
    podiums.add(bucket(row), row.podium);
  }
  const win: number[] = new Array(test.length);
  for (const indexes of groupIndexes(test).values()) {
    const probabilities = normalize(indexes.map((index) => wins.rate(bucket(test[index]!))));
    indexes.forEach((index, position) => (win[index] = probabilities[position]!));
  }
  return {win, podium: test.map((row) => podiums.rate(bucket(row)))};
}

function groupIndexes(rows: readonly PreRaceRow[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const key = groupOf(row);
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  return groups;
}

function toContests(rows: readonly PreRaceRow[], probabilities: readonly number[]): Contest[] {
  return [...groupIndexes(rows).values()].map((indexes) => ({
    probabilities: indexes.map((index) => probabilities[index]!),
    outcomes: indexes.map((index) => rows[index]!.win),
  }));
}

/** Everything a pre-race training run produces. */
export interface PreRaceTraining {
  artefacts: ModelArtefacts;
  params: GroupSoftmaxParams;
  seasons: PreRaceSeasonReport[];
  outOfSample: OutOfSample;
  calibration: {win: CalibrationBin[]; podium: CalibrationBin[]};
}

/**
 * Trains the pre-race model: one fold per test season (trained on the seasons before it), then the shipped
 * model on every season, its ONNX export and a parity check of ONNX Runtime against it on the test rows.
 */
export async function trainPreRace(
  history: Pick<HistoryTables, "races" | "results" | "qualifying">,
  settings: PreRaceSettings = PRE_RACE_SETTINGS,
  log: (message: string) => void = () => {},
): Promise<PreRaceTraining> {
  const {rows} = buildPreRaceRows(history, settings.trainFrom);
  log(`${rows.length} driver rows in ${new Set(rows.map(groupOf)).size} races from ${settings.trainFrom}`);
  const seasons: PreRaceSeasonReport[] = [];
  const outOfSample: OutOfSample = new Map();
  const reported = {
    win: [] as number[],
    winOutcome: [] as number[],
    podium: [] as number[],
    podiumOutcome: [] as number[],
  };
  for (const season of settings.testSeasons) {
    const train = rows.filter((row) => row.year < season);
    const test = rows.filter((row) => row.year === season);
    if (test.length === 0) continue;
    log(`season ${season}: training on ${settings.trainFrom}-${season - 1} (${train.length} rows)`);
    const params = await fit(train, settings, log);
    const predicted = await predictPreRace(params, test);
    const baseline = gridBaseline(train, test);
    test.forEach((row, index) =>
      outOfSample.set(entryKey(row.year, row.round, row.driver_ref), predicted.win[index]!),
    );
    const report: PreRaceSeasonReport = {
      season,
      races: new Set(test.map(groupOf)).size,
      trainedOn: [settings.trainFrom, season - 1],
      win: {
        model: roundScores(scoreContests(toContests(test, predicted.win))),
        gridBaseline: roundScores(scoreContests(toContests(test, baseline.win))),
      },
      podium: {
        model: roundScores(
          scoreBinary(
            predicted.podium,
            test.map((row) => row.podium),
          ),
        ),
        gridBaseline: roundScores(
          scoreBinary(
            baseline.podium,
            test.map((row) => row.podium),
          ),
        ),
      },
    };
    log(
      `season ${season}: log-loss ${report.win.model.logLoss} vs grid ${report.win.gridBaseline.logLoss}, ` +
        `top-1 ${report.win.model.top1} vs ${report.win.gridBaseline.top1}`,
    );
    seasons.push(report);
    if (settings.reportSeasons.includes(season)) {
      reported.win.push(...predicted.win);
      reported.winOutcome.push(...test.map((row) => row.win));
      reported.podium.push(...predicted.podium);
      reported.podiumOutcome.push(...test.map((row) => row.podium));
    }
  }
  const calibration = {
    win: calibrationTable(reported.win, reported.winOutcome),
    podium: calibrationTable(reported.podium, reported.podiumOutcome),
  };

  const last = Math.max(...rows.map((row) => row.year));
  log(`shipped model: training on ${settings.trainFrom}-${last} (${rows.length} rows)`);
  const params = await fit(rows, settings, log);
  const testRows = rows.filter((row) => settings.reportSeasons.includes(row.year));
  const {onnx, parity} = await exportGroupModel(
    params,
    packGroups(toGroupRows(testRows), PRE_RACE_FEATURES.length),
    {
      model: "pre-race",
      doc: "PitWall pre-race model: win (softmax over the starters of one race) and podium probabilities",
      columns: PRE_RACE_FEATURES,
      inputDocs: "one row per starter: PRE_RACE_FEATURES (see features.json columns)",
    },
    log,
  );

  const contract: ModelArtefacts["contract"] = {
    model: "pre-race",
    version: 1,
    onnx: "model.onnx",
    opset: OPSET,
    inputs: [
      {
        name: "features",
        dtype: "float32",
        shape: ["groups", "slots", PRE_RACE_FEATURES.length],
        doc: "one race per group, one starter per slot",
      },
      {name: "present", dtype: "float32", shape: ["groups", "slots"], doc: "1 for a starter, 0 for padding"},
    ],
    outputs: [
      {
        name: "win",
        dtype: "float32",
        shape: ["groups", "slots"],
        doc: "probability to win; sums to 1 per race",
      },
      {
        name: "podium",
        dtype: "float32",
        shape: ["groups", "slots"],
        doc: "probability to finish in the top 3",
      },
    ],
    columns: PRE_RACE_FEATURES.map(({name, doc}) => ({name, doc})),
    group: "one grand prix: every car that took the start",
    training: {
      data: "Ergast CSV dump (results, qualifying, races), ../shared/data/ergast-csv",
      seasons: [settings.trainFrom, last],
      rows: rows.length,
      races: new Set(rows.map(groupOf)).size,
      library: TRAINING_LIBRARY,
      method: "conditional logit (softmax over the race's starters) + logistic podium head, full-batch Adam",
      hidden: settings.hidden,
      iterations: settings.iterations,
      learningRate: settings.learningRate,
      l2: settings.l2,
      recencyWeight: settings.recency,
      seed: settings.seed,
    },
    metrics: {
      evaluation: "time-ordered: each season scored by a model trained only on the seasons before it",
      seasons: seasons.filter((report) => settings.reportSeasons.includes(report.season)),
      calibration,
    },
    parity,
  };
  return {
    artefacts: {onnx, contract, card: preRaceCard(contract, seasons, calibration, settings)},
    params,
    seasons,
    outOfSample,
    calibration,
  };
}

function preRaceCard(
  contract: ModelArtefacts["contract"],
  seasons: readonly PreRaceSeasonReport[],
  calibration: {win: CalibrationBin[]; podium: CalibrationBin[]},
  settings: PreRaceSettings,
): string {
  const reported = seasons.filter((report) => settings.reportSeasons.includes(report.season));
  const winTable = markdownTable(
    [
      "season",
      "races",
      "trained on",
      "log-loss",
      "grid log-loss",
      "Brier",
      "grid Brier",
      "top-1",
      "grid top-1",
    ],
    reported.map((report) => [
      report.season,
      report.races,
      report.trainedOn.join("–"),
      report.win.model.logLoss,
      report.win.gridBaseline.logLoss,
      report.win.model.brier,
      report.win.gridBaseline.brier,
      report.win.model.top1,
      report.win.gridBaseline.top1,
    ]),
  );
  const podiumTable = markdownTable(
    ["season", "log-loss", "grid log-loss", "Brier", "grid Brier"],
    reported.map((report) => [
      report.season,
      report.podium.model.logLoss,
      report.podium.gridBaseline.logLoss,
      report.podium.model.brier,
      report.podium.gridBaseline.brier,
    ]),
  );
  const training = contract.training as {seasons: number[]; rows: number; races: number};
  return `# Model card: pre-race win and podium probabilities

Each starter's probability to **win** and to finish on the **podium**, from what is known before the lights go
out. Win probabilities come from a softmax over the starters of the race, so they sum to 1 per race.

- **Inputs** (\`features.json\` lists them in order): grid position, qualifying gap, the driver's and the
  constructor's recent form, the driver's history at the circuit, reliability, championship standing. All are
  computed by \`models/pre-race/features.ts\`, the same code the kernel and the notebooks run.
- **Model**: conditional logit (linear score, softmax over the race) plus a logistic podium head, fitted by
  full-batch Adam in ${TRAINING_LIBRARY}; exported to ONNX (opset ${OPSET}: Sub, Div, MatMul, Add,
  Softmax, Sigmoid).
- **Training data**: the Ergast CSV dump, grands prix ${training.seasons.join("–")} (${training.races} races,
  ${training.rows} starters); races weighted by ${settings.recency} per season of age. Seed ${settings.seed}:
  the same data gives a byte-identical \`model.onnx\`.
- **Parity**: ONNX Runtime's outputs equal the trained model's within ${contract.parity.tolerance} on all
  ${contract.parity.rows} test rows (checked when training and by \`models/pre-race/train.test.ts\`).

## Evaluation (time-ordered)

Each season is scored by a model trained only on the seasons before it. The baseline is the grid-order
prior: the share of wins from each grid slot in the training seasons, normalized over the race.
Log-loss is −ln p(winner) per race; Brier is Σ (p − outcome)² over the field, per race; top-1 is how often
the favourite won.

${winTable}

Podium (per starter, independent probabilities):

${podiumTable}

## Calibration (held-out seasons ${settings.reportSeasons[0]}–${settings.reportSeasons.at(-1)}, win)

${calibrationMarkdown(calibration.win)}

Podium:

${calibrationMarkdown(calibration.podium)}

## Limits

- Knows nothing of weather, grid penalties announced after qualifying, upgrades or team orders.
- Sprint races are out of its domain (trained on grands prix); the kernel marks sprint predictions so.
- **2026**: new cars and rules (no DRS, new power units) may shift everything the model learned about form
  and grid position; treat 2026 predictions as untested until the backtest covers 2026.
- Podium probabilities are independent per driver, so they sum to about, not exactly, 3 per race.
`;
}
