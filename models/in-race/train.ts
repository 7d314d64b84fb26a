import type {ModelArtefacts} from "../shared/artefacts.js";
import {BucketPrior, normalize} from "../shared/grid-prior.js";
import {predictGroupSoftmax, trainGroupSoftmax, type GroupSoftmaxParams} from "../shared/group-softmax.js";
import {packGroups} from "../shared/groups.js";
import {TRAINING_LIBRARY} from "../shared/library.js";
import {
  calibrationTable,
  roundScores,
  scoreContests,
  type CalibrationBin,
  type Contest,
  type ContestScores,
} from "../shared/metrics.js";
import {OPSET} from "../shared/onnx-graph.js";
import {exportGroupModel} from "../shared/parity.js";
import {calibrationMarkdown, markdownTable} from "../shared/report.js";
import {IN_RACE_FEATURES} from "./features.js";
import {toInRaceRows, type InRaceRow, type RaceLaps} from "./races.js";

/** How the in-race model is trained and evaluated. */
export const IN_RACE_SETTINGS = {
  testSeasons: [2022, 2023, 2024, 2025],
  /** Race distance at which the card compares model and baseline. */
  checkpoints: [0.25, 0.5, 0.75],
  hidden: 0,
  iterations: 300,
  learningRate: 0.05,
  l2: 1e-3,
  seed: 11,
};

export type InRaceSettings = typeof IN_RACE_SETTINGS;

type Scores = Pick<ContestScores, "contests" | "logLoss" | "brier" | "top1">;

/** Scores of one held-out season. */
export interface InRaceSeasonReport {
  season: number;
  races: number;
  sources: string[];
  trainedOn: string;
  allLaps: {model: Scores; baseline: Scores};
  checkpoints: {distance: number; model: Scores; baseline: Scores}[];
}

const toGroupRows = (rows: readonly InRaceRow[]) =>
  rows.map((row) => ({group: row.group, features: row.features, win: row.win}));

/** The position and laps-remaining prior: wins from each (position, tenth of race left) cell, per lap. */
function baselineFor(train: readonly InRaceRow[], test: readonly InRaceRow[]): number[] {
  const bucket = (row: InRaceRow) =>
    `${Math.min(row.position, 10)}|${Math.min(9, Math.floor(((row.totalLaps - row.lap) / row.totalLaps) * 10))}`;
  const prior = new BucketPrior(0.05);
  for (const row of train) prior.add(bucket(row), row.win);
  const out: number[] = new Array(test.length);
  for (const indexes of groupIndexes(test).values()) {
    const probabilities = normalize(indexes.map((index) => prior.rate(bucket(test[index]!))));
    indexes.forEach((index, position) => (out[index] = probabilities[position]!));
  }
  return out;
}

function groupIndexes(rows: readonly InRaceRow[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const list = groups.get(row.group);
    if (list) list.push(index);
    else groups.set(row.group, [index]);
  });
  return groups;
}

function contestsOf(
  rows: readonly InRaceRow[],
  probabilities: readonly number[],
  groups: Iterable<number[]>,
): Contest[] {
  return [...groups].map((indexes) => ({
    probabilities: indexes.map((index) => probabilities[index]!),
    outcomes: indexes.map((index) => rows[index]!.win),
  }));
}

/** The (race, lap) group nearest to a share of race distance, for each race in the rows. */
function checkpointGroups(rows: readonly InRaceRow[], distance: number): number[][] {
  const groups = groupIndexes(rows);
  const byRace = new Map<string, {lap: number; indexes: number[]}[]>();
  for (const indexes of groups.values()) {
    const first = rows[indexes[0]!]!;
    const race = first.group.slice(0, first.group.lastIndexOf("/"));
    byRace.set(race, [...(byRace.get(race) ?? []), {lap: first.lap, indexes}]);
  }
  return [...byRace.values()].map((laps) => {
    const target = Math.round(distance * rows[laps[0]!.indexes[0]!]!.totalLaps);
    return laps.reduce((best, lap) => (Math.abs(lap.lap - target) < Math.abs(best.lap - target) ? lap : best))
      .indexes;
  });
}

async function fit(rows: readonly InRaceRow[], settings: InRaceSettings, log: (message: string) => void) {
  const batch = packGroups(toGroupRows(rows), IN_RACE_FEATURES.length);
  return trainGroupSoftmax(batch, {
    hidden: settings.hidden,
    podium: false,
    iterations: settings.iterations,
    learningRate: settings.learningRate,
    l2: settings.l2,
    seed: settings.seed,
    onProgress: (iteration, loss) => {
      if (iteration % 100 === 0) log(`  iteration ${iteration}, loss ${loss.toFixed(4)}`);
    },
  });
}

/** Win probabilities of rows (grouped by race and lap) from a trained model. */
export async function predictInRace(
  params: GroupSoftmaxParams,
  rows: readonly InRaceRow[],
): Promise<number[]> {
  const batch = packGroups(toGroupRows(rows), IN_RACE_FEATURES.length);
  const {win} = await predictGroupSoftmax(params, batch.x, batch.present, batch.slots);
  return Array.from(batch.rowIndex, (flat) => win[flat]!);
}

export interface InRaceTraining {
  artefacts: ModelArtefacts;
  params: GroupSoftmaxParams;
  seasons: InRaceSeasonReport[];
  /** Every held-out season pooled (season 0). */
  heldOut: InRaceSeasonReport;
  calibration: CalibrationBin[];
}

/**
 * Trains the in-race model: one fold per test season (trained on the seasons before it), then the shipped
 * model on every race, exported to ONNX and checked against ONNX Runtime on the test rows.
 */
export async function trainInRace(
  races: readonly RaceLaps[],
  settings: InRaceSettings = IN_RACE_SETTINGS,
  log: (message: string) => void = () => {},
): Promise<InRaceTraining> {
  const rows = toInRaceRows(races);
  log(
    `${rows.length} driver-lap rows from ${races.length} races (${new Set(rows.map((row) => row.group)).size} race-laps)`,
  );
  const seasons: InRaceSeasonReport[] = [];
  const held = {p: [] as number[], outcome: [] as number[]};
  const pooled = {
    all: {model: [] as Contest[], baseline: [] as Contest[]},
    checkpoints: settings.checkpoints.map(() => ({model: [] as Contest[], baseline: [] as Contest[]})),
  };
  for (const season of settings.testSeasons) {
    const train = rows.filter((row) => row.year < season);
    const test = rows.filter((row) => row.year === season);
    if (test.length === 0 || train.length === 0) continue;
    const trainYears = [...new Set(train.map((row) => row.year))];
    log(
      `season ${season}: training on ${Math.min(...trainYears)}-${Math.max(...trainYears)} (${train.length} rows)`,
    );
    const params = await fit(train, settings, log);
    const model = await predictInRace(params, test);
    const baseline = baselineFor(train, test);
    const all = [...groupIndexes(test).values()];
    const testRaces = races.filter((race) => race.year === season);
    pooled.all.model.push(...contestsOf(test, model, all));
    pooled.all.baseline.push(...contestsOf(test, baseline, all));
    settings.checkpoints.forEach((distance, index) => {
      const groups = checkpointGroups(test, distance);
      pooled.checkpoints[index]!.model.push(...contestsOf(test, model, groups));
      pooled.checkpoints[index]!.baseline.push(...contestsOf(test, baseline, groups));
    });
    const report: InRaceSeasonReport = {
      season,
      races: testRaces.length,
      sources: [...new Set(testRaces.map((race) => race.source))],
      trainedOn: `${Math.min(...trainYears)}–${Math.max(...trainYears)}`,
      allLaps: {
        model: roundScores(scoreContests(contestsOf(test, model, all))),
        baseline: roundScores(scoreContests(contestsOf(test, baseline, all))),
      },
      checkpoints: settings.checkpoints.map((distance) => {
        const groups = checkpointGroups(test, distance);
        return {
          distance,
          model: roundScores(scoreContests(contestsOf(test, model, groups))),
          baseline: roundScores(scoreContests(contestsOf(test, baseline, groups))),
        };
      }),
    };
    log(
      `season ${season}: Brier ${report.allLaps.model.brier} vs ${report.allLaps.baseline.brier}; at 25/50/75%: ` +
        report.checkpoints.map((c) => `${c.model.brier} vs ${c.baseline.brier}`).join(", "),
    );
    seasons.push(report);
    held.p.push(...model);
    held.outcome.push(...test.map((row) => row.win));
  }
  const calibration = calibrationTable(held.p, held.outcome);
  const heldOut: InRaceSeasonReport = {
    season: 0,
    races: seasons.reduce((sum, report) => sum + report.races, 0),
    sources: [...new Set(seasons.flatMap((report) => report.sources))],
    trainedOn: "each season: the seasons before it",
    allLaps: {
      model: roundScores(scoreContests(pooled.all.model)),
      baseline: roundScores(scoreContests(pooled.all.baseline)),
    },
    checkpoints: settings.checkpoints.map((distance, index) => ({
      distance,
      model: roundScores(scoreContests(pooled.checkpoints[index]!.model)),
      baseline: roundScores(scoreContests(pooled.checkpoints[index]!.baseline)),
    })),
  };
  log(
    `all held-out seasons: Brier at 25/50/75%: ` +
      heldOut.checkpoints.map((c) => `${c.model.brier} vs ${c.baseline.brier}`).join(", "),
  );

  log(`shipped model: training on every race (${rows.length} rows)`);
  const params = await fit(rows, settings, log);
  const testRows = rows.filter((row) => settings.testSeasons.includes(row.year));
  const {onnx, parity} = await exportGroupModel(
    params,
    packGroups(toGroupRows(testRows), IN_RACE_FEATURES.length),
    {
      model: "in-race",
      doc: "PitWall in-race model: win probability of every running car after a lap (softmax over the field)",
      columns: IN_RACE_FEATURES,
      inputDocs: "one row per running car: IN_RACE_FEATURES (see features.json columns)",
    },
    log,
  );

  const sources = new Map<string, number>();
  for (const race of races) sources.set(race.source, (sources.get(race.source) ?? 0) + 1);
  const contract: ModelArtefacts["contract"] = {
    model: "in-race",
    version: 1,
    onnx: "model.onnx",
    opset: OPSET,
    inputs: [
      {
        name: "features",
        dtype: "float32",
        shape: ["groups", "slots", IN_RACE_FEATURES.length],
        doc: "one race after one lap per group, one running car per slot",
      },
      {
        name: "present",
        dtype: "float32",
        shape: ["groups", "slots"],
        doc: "1 for a running car, 0 for padding",
      },
    ],
    outputs: [
      {
        name: "win",
        dtype: "float32",
        shape: ["groups", "slots"],
        doc: "probability to win; sums to 1 over the running cars",
      },
    ],
    columns: IN_RACE_FEATURES.map(({name, doc}) => ({name, doc})),
    group: "one race after one lap: every car still running",
    training: {
      data: "lap charts (../shared/data/lapcharts) joined with Ergast results; the 2025 Miami sprint from the live-timing archive",
      races: Object.fromEntries(sources),
      seasons: [Math.min(...races.map((race) => race.year)), Math.max(...races.map((race) => race.year))],
      rows: rows.length,
      library: TRAINING_LIBRARY,
      method: "conditional logit over the running cars (linear score), full-batch Adam",
      hidden: settings.hidden,
      iterations: settings.iterations,
      learningRate: settings.learningRate,
      l2: settings.l2,
      seed: settings.seed,
      preRaceStrength: "out-of-sample pre-race win probabilities (season folds); none for the archive sprint",
      gapsAndTyres:
        "not inputs: no lap-chart race has gaps or tyre data, and the archive has them for 2 races; see the card",
    },
    metrics: {
      evaluation: "time-ordered: each season scored by a model trained only on the seasons before it",
      seasons,
      heldOut,
      calibration,
    },
    parity,
  };
  return {
    artefacts: {onnx, contract, card: inRaceCard(contract, [...seasons, heldOut], calibration, settings)},
    params,
    seasons,
    heldOut,
    calibration,
  };
}

function inRaceCard(
  contract: ModelArtefacts["contract"],
  seasons: readonly InRaceSeasonReport[],
  calibration: CalibrationBin[],
  settings: InRaceSettings,
): string {
  const training = contract.training as {races: Record<string, number>; rows: number; seasons: number[]};
  const overall = markdownTable(
    [
      "season",
      "races",
      "source",
      "trained on",
      "log-loss",
      "baseline log-loss",
      "Brier",
      "baseline Brier",
      "top-1",
      "baseline top-1",
    ],
    seasons.map((report) => [
      report.season || "all held out",
      report.races,
      report.sources.join(", "),
      report.trainedOn,
      report.allLaps.model.logLoss,
      report.allLaps.baseline.logLoss,
      report.allLaps.model.brier,
      report.allLaps.baseline.brier,
      report.allLaps.model.top1,
      report.allLaps.baseline.top1,
    ]),
  );
  const checkpoints = markdownTable(
    ["season", ...settings.checkpoints.flatMap((d) => [`Brier @${d * 100}%`, `baseline @${d * 100}%`])],
    seasons.map((report) => [
      report.season || "all held out",
      ...report.checkpoints.flatMap((checkpoint) => [checkpoint.model.brier, checkpoint.baseline.brier]),
    ]),
  );
  return `# Model card: in-race win probability

After every lap, each running car's probability to **win**, from the running order, the laps still to run,
the starting grid and the pre-race model's view of the car. A softmax over the running cars makes the
probabilities sum to 1 after every lap.

- **Inputs** (\`features.json\`, in order): ${IN_RACE_FEATURES.map((feature) => `\`${feature.name}\``).join(", ")}.
  Computed by \`models/in-race/features.ts\` from a running order; the kernel builds that from live timing,
  the trainer from lap charts, so nothing is computed two ways.
- **Model**: conditional logit (${settings.hidden ? `${settings.hidden}-unit tanh score network` : "linear score"}),
  fitted by full-batch Adam in ${TRAINING_LIBRARY}; ONNX opset ${OPSET} (Sub, Div, MatMul, Add, Softmax). A
  small tanh network overfitted the 61 races and lost to the baseline on held-out seasons, so the score is linear
  in features that carry the interactions (position × distance run). Seed ${settings.seed}: the
  same data gives a byte-identical \`model.onnx\`.
- **Training data**: ${Object.entries(training.races)
    .map(([source, count]) => `${count} races from ${source}s`)
    .join(", ")}
  (${training.seasons.join("–")}, ${training.rows} driver-laps), each joined with its Ergast result for the
  winner, the grid and the distance. Pre-race strength is the pre-race model's out-of-sample probability from
  its own season folds, so no fold sees its own future.
- **Gaps and tyres are not inputs.** No lap chart carries gaps or tyres; in the live-timing archive only the
  2018 Baku race and the 2025 Miami sprint have gaps lap by lap, and tyre stints overlap the lap charts in
  3 races (2021 British, 2023 Bahrain, 2023 Miami). Too little to fit or test a gap or tyre effect honestly,
  so the model uses running order only; the notebook shows gaps and tyres beside its numbers instead.
- **Parity**: ONNX Runtime equals the trained model within ${contract.parity.tolerance} on all
  ${contract.parity.rows} test rows.

## Evaluation (time-ordered)

Each season is scored by a model trained on the seasons before it only. The baseline is the position and
laps-remaining prior: the share of wins from each running position (1–10, 11+) in each tenth of race distance
left, in the training seasons, normalized over the field. Scores are per (race, lap): log-loss −ln p(winner),
Brier Σ (p − outcome)² over the field, top-1 = the leader in probability won. The 2025 row is the Miami sprint
(the only 2025 race-distance running order the data has), scored without pre-race strength.

All laps from the grid to the last lap before the flag:

${overall}

At 25 %, 50 % and 75 % race distance (Brier, lower is better):

${checkpoints}

## Calibration (all held-out race-laps)

${calibrationMarkdown(calibration)}

## Limits

- Running order only: a car about to pit from the lead, or on old tyres, looks as safe as any leader.
- Safety cars, red flags and penalties are not inputs.
- **2026**: new cars and rules (no DRS, new power units) may change how often positions change; the model has
  not seen a 2026 race.
`;
}
