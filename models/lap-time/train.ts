import type {ModelArtefacts} from "../shared/artefacts.js";
import {TRAINING_LIBRARY} from "../shared/library.js";
import {meanAbsoluteError, round} from "../shared/metrics.js";
import {OnnxGraph, OPSET} from "../shared/onnx-graph.js";
import {openOnnxSession, runOnnx} from "../shared/onnx-runtime.js";
import {PARITY_TOLERANCE} from "../shared/parity.js";
import {markdownTable} from "../shared/report.js";
import {loadTf} from "../shared/tf.js";
import {LAP_TIME_FEATURES, REFERENCE_LAPS, type LapTimeRow} from "./features.js";

/** How the lap-time model is trained and evaluated. */
export const LAP_TIME_SETTINGS = {
  /** Sessions of these seasons and later are held out; earlier ones train the evaluated model. */
  testFrom: 2024,
  iterations: 400,
  learningRate: 0.01,
  l2: 1e-4,
};

export type LapTimeSettings = typeof LAP_TIME_SETTINGS;

/**
 * Rows the model is fitted on: clean laps, and laps under flags (slow for a reason the model knows) unless
 * they are cool-down laps too (over 1.6 × the reference), which practice sessions are full of.
 */
export const isTrainingRow = (row: LapTimeRow) =>
  row.clean || (row.trackStatus !== "1" && row.lap_time_s < 1.6 * row.reference_s);

/** Fits w in ln(lap / reference) = w · Δfeatures by full-batch Adam (no intercept: no change, no difference). */
export async function fitLapTime(
  rows: readonly LapTimeRow[],
  settings: LapTimeSettings,
): Promise<Float32Array> {
  const tf = await loadTf();
  const features = LAP_TIME_FEATURES.length;
  const x = tf.tensor2d(
    rows.flatMap((row) => row.features),
    [rows.length, features],
  );
  const y = tf.tensor2d(
    rows.map((row) => Math.log(row.lap_time_s / row.reference_s)),
    [rows.length, 1],
  );
  const w = tf.variable(tf.zeros([features, 1]));
  const optimizer = tf.train.adam(settings.learningRate);
  for (let iteration = 0; iteration < settings.iterations; iteration++) {
    optimizer.minimize(
      () =>
        tf.tidy(() =>
          tf.add(tf.mean(tf.square(tf.sub(tf.matMul(x, w), y))), tf.mul(tf.sum(tf.square(w)), settings.l2)),
        ) as ReturnType<typeof tf.scalar>,
      false,
      [w],
    );
  }
  const weights = Float32Array.from(await w.data());
  tf.dispose([x, y, w]);
  optimizer.dispose();
  return weights;
}

/** The trained model's predictions (TensorFlow.js): reference × exp(w · features), float32. */
export async function predictLapTime(
  weights: Float32Array,
  rows: readonly LapTimeRow[],
): Promise<Float32Array> {
  const tf = await loadTf();
  const out = tf.tidy(() => {
    const x = tf.tensor2d(
      rows.flatMap((row) => row.features),
      [rows.length, weights.length],
    );
    const change = tf.exp(tf.reshape(tf.matMul(x, tf.tensor2d(weights, [weights.length, 1])), [rows.length]));
    return tf.mul(tf.tensor1d(rows.map((row) => row.reference_s)), change);
  });
  const values = Float32Array.from(await out.data());
  out.dispose();
  return values;
}

/** The model as ONNX: inputs `features` [rows, F] and `reference_s` [rows]; output `lap_time_s` [rows]. */
export function toLapTimeOnnx(weights: Float32Array): Uint8Array {
  const graph = new OnnxGraph("pitwall_lap_time");
  const features = graph.input(
    "features",
    ["rows", LAP_TIME_FEATURES.length],
    "LAP_TIME_FEATURES of each lap",
  );
  const reference = graph.input("reference_s", ["rows"], "mean of the reference laps, seconds");
  const change = graph.node("Exp", [
    graph.node("MatMul", [features, graph.constant("w", [weights.length], weights)]),
  ]);
  graph.node("Mul", [reference, change], {output: "lap_time_s"});
  graph.output("lap_time_s", ["rows"], "predicted lap time, seconds");
  return graph.toBytes({
    doc: "PitWall lap-time model: a lap relative to the driver's reference laps on the same tyres",
    metadata: {model: "lap-time", columns: LAP_TIME_FEATURES.map((feature) => feature.name).join(",")},
  });
}

interface MaeRow {
  group: string;
  laps: number;
  modelMae: number;
  referenceMae: number;
}

function maeBy(
  rows: readonly LapTimeRow[],
  predicted: ArrayLike<number>,
  keyOf: (row: LapTimeRow) => string,
): MaeRow[] {
  const groups = new Map<string, number[]>();
  rows.forEach((row, index) => groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), index]));
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, indexes]) => ({
      group,
      laps: indexes.length,
      modelMae: round(
        meanAbsoluteError(
          indexes.map((index) => predicted[index]!),
          indexes.map((index) => rows[index]!.lap_time_s),
        ),
        3,
      ),
      referenceMae: round(
        meanAbsoluteError(
          indexes.map((index) => rows[index]!.reference_s),
          indexes.map((index) => rows[index]!.lap_time_s),
        ),
        3,
      ),
    }));
}

export interface LapTimeTraining {
  artefacts: ModelArtefacts;
  weights: Float32Array;
  byCompound: MaeRow[];
  bySeason: MaeRow[];
}

/** Trains the lap-time model (held-out evaluation, then the shipped fit on every session) and exports it. */
export async function trainLapTime(
  rows: readonly LapTimeRow[],
  sessions: readonly string[],
  settings: LapTimeSettings = LAP_TIME_SETTINGS,
  log: (message: string) => void = () => {},
): Promise<LapTimeTraining> {
  const train = rows.filter((row) => row.year < settings.testFrom && isTrainingRow(row));
  const test = rows.filter((row) => row.year >= settings.testFrom && row.clean);
  log(
    `${rows.length} laps with a reference from ${sessions.length} sessions; ${train.length} train, ${test.length} clean held out`,
  );
  const evaluated = await fitLapTime(train, settings);
  const predicted = await predictLapTime(evaluated, test);
  const byCompound = maeBy(test, predicted, (row) => row.compound);
  const bySeason = maeBy(test, predicted, (row) => String(row.year));
  for (const line of byCompound)
    log(`  ${line.group}: MAE ${line.modelMae} s vs reference ${line.referenceMae} s (${line.laps} laps)`);

  const all = rows.filter(isTrainingRow);
  log(`shipped model: fitting on every session (${all.length} laps)`);
  const weights = await fitLapTime(all, settings);
  const onnx = toLapTimeOnnx(weights);
  const check = rows.filter((row) => row.year >= settings.testFrom);
  const expected = await predictLapTime(weights, check);
  const session = await openOnnxSession(onnx);
  const actual = await runOnnx(session, {
    features: [
      Float32Array.from(check.flatMap((row) => row.features)),
      [check.length, LAP_TIME_FEATURES.length],
    ],
    reference_s: [Float32Array.from(check.map((row) => row.reference_s)), [check.length]],
  });
  await session.release();
  // Lap times are ~90 s, so parity is measured relative to the lap (1e-5 of a lap is 0.9 ms).
  let worst = 0;
  actual.lap_time_s!.forEach(
    (value, index) => (worst = Math.max(worst, Math.abs(value - expected[index]!) / expected[index]!)),
  );
  log(
    `parity: ONNX Runtime vs TensorFlow.js on ${check.length} test laps, max relative diff ${worst.toExponential(2)}`,
  );
  if (worst > PARITY_TOLERANCE) throw new Error(`ONNX output differs from the trained model by ${worst}`);

  const contract: ModelArtefacts["contract"] = {
    model: "lap-time",
    version: 1,
    onnx: "model.onnx",
    opset: OPSET,
    inputs: [
      {
        name: "features",
        dtype: "float32",
        shape: ["rows", LAP_TIME_FEATURES.length],
        doc: "differences between the lap and its reference laps",
      },
      {
        name: "reference_s",
        dtype: "float32",
        shape: ["rows"],
        doc: "mean time of the driver's last clean laps on the same tyres, seconds",
      },
    ],
    outputs: [{name: "lap_time_s", dtype: "float32", shape: ["rows"], doc: "predicted lap time, seconds"}],
    columns: LAP_TIME_FEATURES.map(({name, doc}) => ({name, doc})),
    group: null,
    training: {
      data: "live-timing archive sessions with lap times and tyre data (../shared/data/livetiming)",
      sessions,
      laps: all.length,
      library: TRAINING_LIBRARY,
      method: "ln(lap / reference) = w · Δfeatures, least squares by full-batch Adam",
      iterations: settings.iterations,
      learningRate: settings.learningRate,
      l2: settings.l2,
      weights: Object.fromEntries(
        LAP_TIME_FEATURES.map((feature, index) => [feature.name, round(weights[index]!, 6)]),
      ),
    },
    metrics: {
      evaluation: `trained on sessions before ${settings.testFrom}, MAE on clean laps of ${settings.testFrom} onwards`,
      baseline: "the reference itself (the mean of the driver's last clean laps on the same set)",
      byCompound,
      bySeason,
    },
    parity: {rows: check.length, tolerance: PARITY_TOLERANCE, within: true},
  };
  return {
    artefacts: {onnx, contract, card: lapTimeCard(contract, byCompound, bySeason, settings)},
    weights,
    byCompound,
    bySeason,
  };
}

function lapTimeCard(
  contract: ModelArtefacts["contract"],
  byCompound: MaeRow[],
  bySeason: MaeRow[],
  settings: LapTimeSettings,
): string {
  const training = contract.training as {sessions: string[]; laps: number; weights: Record<string, number>};
  const table = (rows: MaeRow[], label: string) =>
    markdownTable(
      [label, "clean laps", "model MAE (s)", "reference MAE (s)"],
      rows.map((row) => [row.group, row.laps, row.modelMae, row.referenceMae]),
    );
  return `# Model card: lap time and tyre degradation

The time of a driver's next clean lap, relative to their **reference** (the mean of their last ${REFERENCE_LAPS} clean laps on
the same set of tyres): \`lap = reference × exp(w · Δ)\`, where Δ is the difference in tyre age (one slope per
compound), laps run (fuel burnt) and the track status of the lap. Because it works in ratios to the driver's own
recent laps, one model serves every circuit and driver. The kernel and the notebook use it to estimate the pit
window and where a driver would rejoin if they stopped now (\`models/lap-time/pit-window.ts\`).

- **Inputs** (\`features.json\`): ${LAP_TIME_FEATURES.map((feature) => `\`${feature.name}\``).join(", ")}, plus
  \`reference_s\`. Computed by \`models/lap-time/features.ts\`.
- **Model**: least squares on ln(lap / reference) in ${TRAINING_LIBRARY} (Adam, no intercept); ONNX opset
  ${OPSET} (MatMul, Exp, Mul). Deterministic: the same sessions give a byte-identical \`model.onnx\`.
- **Training data**: ${training.sessions.length} live-timing sessions that have lap times and tyres
  (${training.laps} laps): practice long runs, qualifying, the 2025 Miami sprint. The archive's grands prix
  mostly lack lap times (their TimingData was too large to keep), so race stints are scarce: degradation over a
  full race stint is extrapolated from shorter runs. 2018 sessions use the old compound names and are left out.
- **Learned per-lap effects** (×100 = % of lap time): ${Object.entries(training.weights)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ")}.
- **Parity**: ONNX Runtime equals the trained model within ${contract.parity.tolerance} (relative) on all
  ${contract.parity.rows} held-out laps.

## Evaluation

Trained on sessions before ${settings.testFrom}, scored on the clean laps of ${settings.testFrom} onwards. The
baseline predicts the reference itself.

Mean absolute error per compound:

${table(byCompound, "compound")}

Per season:

${table(bySeason, "season")}

## Limits

- Base pace differences between compounds are not learned (a stint never changes compound), so the pit window
  assumes fresh tyres of the next compound start at the driver's reference pace minus the age the old set lost.
- Traffic, dirty air, driver management and weather are not inputs.
- **2026**: new cars and tyres may degrade differently; the model has seen no 2026 long run.
`;
}
