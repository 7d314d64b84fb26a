import type {GroupBatch} from "./groups.js";
import {OnnxGraph} from "./onnx-graph.js";
import {createRandom, normalSamples} from "./random.js";
import {loadTf} from "./tf.js";

// A conditional-logit model: each row gets a score (linear, or a one-hidden-layer tanh network) from its
// standardized features, and a softmax over the rows of its group turns scores into win probabilities that
// sum to 1 per group. An optional head gives each row an independent probability (sigmoid), e.g. a podium.
// TensorFlow.js fits it (autodiff + Adam); the same math is written to ONNX with MatMul/Add/Tanh/Softmax.

/** Padding slots get this much subtracted from their score, so softmax gives them exactly zero. */
const PADDING_PENALTY = 10_000;

export interface GroupSoftmaxOptions {
  /** Hidden units of the score network; 0 gives a linear score. */
  hidden: number;
  /** Fit the per-row sigmoid head on the batch's podium labels. */
  podium: boolean;
  iterations: number;
  learningRate: number;
  /** L2 penalty on weights (not on biases or the standardization). */
  l2: number;
  seed: number;
  /** Per-group weights (e.g. recency); defaults to 1 each. */
  groupWeights?: Float32Array;
  /** Progress callback, every few iterations. */
  onProgress?: (iteration: number, loss: number) => void;
}

/** Everything a trained model is: float32 arrays, exactly what the ONNX file holds. */
export interface GroupSoftmaxParams {
  features: number;
  hidden: number;
  mean: Float32Array;
  std: Float32Array;
  /** features × hidden (hidden > 0), else empty. */
  w1: Float32Array;
  b1: Float32Array;
  /** hidden (or features, when linear). */
  w2: Float32Array;
  /** Podium head weights (features) and bias, or null. */
  podiumW: Float32Array | null;
  podiumB: number;
}

/** Per-feature mean and standard deviation over the present rows (1 where a feature is constant). */
export function fitStandardization(batch: GroupBatch): {mean: Float32Array; std: Float32Array} {
  const {features} = batch;
  const sum = new Float64Array(features);
  const squares = new Float64Array(features);
  let count = 0;
  for (let flat = 0; flat < batch.present.length; flat++) {
    if (!batch.present[flat]) continue;
    count++;
    for (let feature = 0; feature < features; feature++) {
      const value = batch.x[flat * features + feature]!;
      sum[feature] = sum[feature]! + value;
      squares[feature] = squares[feature]! + value * value;
    }
  }
  const mean = new Float32Array(features);
  const std = new Float32Array(features);
  for (let feature = 0; feature < features; feature++) {
    const average = sum[feature]! / Math.max(1, count);
    const variance = squares[feature]! / Math.max(1, count) - average * average;
    mean[feature] = average;
    std[feature] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return {mean, std};
}

/** Fits the model by full-batch Adam from a seeded start; the same batch and options give the same weights. */
export async function trainGroupSoftmax(
  batch: GroupBatch,
  options: GroupSoftmaxOptions,
): Promise<GroupSoftmaxParams> {
  const tf = await loadTf();
  const {groups, slots, features} = batch;
  const {mean, std} = fitStandardization(batch);
  const random = createRandom(options.seed);
  const hidden = options.hidden;
  const weights = options.groupWeights ?? new Float32Array(groups).fill(1);
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);

  const z = tf.tidy(() =>
    tf.div(tf.sub(tf.tensor2d(batch.x, [groups * slots, features]), tf.tensor1d(mean)), tf.tensor1d(std)),
  );
  const mask = tf.tensor2d(batch.present, [groups, slots]);
  const padding = tf.mul(tf.sub(mask, 1), PADDING_PENALTY);
  const winners = tf.tensor2d(batch.win, [groups, slots]);
  const groupWeight = tf.tensor2d(weights, [groups, 1]);
  const slotWeight = tf.mul(mask, groupWeight);
  const podiumLabels = tf.tensor2d(batch.podium, [groups, slots]);

  const w1 = tf.variable(
    tf.tensor2d(normalSamples(random, features * hidden, 1 / Math.sqrt(features)), [
      features,
      Math.max(hidden, 0),
    ]),
  );
  const b1 = tf.variable(tf.zeros([hidden]));
  const w2Size = hidden > 0 ? hidden : features;
  const w2 = tf.variable(
    hidden > 0
      ? tf.tensor2d(normalSamples(random, w2Size, 1 / Math.sqrt(w2Size)), [w2Size, 1])
      : tf.zeros([w2Size, 1]),
  );
  const podiumW = tf.variable(tf.zeros([features, 1]));
  const podiumB = tf.variable(tf.scalar(0));
  const trainable = hidden > 0 ? [w1, b1, w2] : [w2];
  if (options.podium) trainable.push(podiumW, podiumB);

  const scoreOf = () => {
    const rows = hidden > 0 ? tf.tanh(tf.add(tf.matMul(z, w1), b1)) : z;
    return tf.reshape(tf.matMul(rows, w2), [groups, slots]);
  };
  const optimizer = tf.train.adam(options.learningRate);
  for (let iteration = 1; iteration <= options.iterations; iteration++) {
    const loss = optimizer.minimize(
      () =>
        tf.tidy(() => {
          const logProbabilities = tf.logSoftmax(tf.add(scoreOf(), padding));
          const perGroup = tf.sum(tf.mul(logProbabilities, winners), 1, true);
          let total = tf.div(tf.neg(tf.sum(tf.mul(perGroup, groupWeight))), totalWeight);
          if (options.podium) {
            const logits = tf.add(tf.reshape(tf.matMul(z, podiumW), [groups, slots]), podiumB);
            const crossEntropy = tf.losses.sigmoidCrossEntropy(
              podiumLabels,
              logits,
              undefined,
              0,
              tf.Reduction.NONE,
            );
            total = tf.add(total, tf.div(tf.sum(tf.mul(crossEntropy, slotWeight)), tf.sum(slotWeight)));
          }
          const penalty = trainable
            .filter((variable) => variable !== b1 && variable !== podiumB)
            .reduce(
              (sum: ReturnType<typeof tf.scalar>, variable) => tf.add(sum, tf.sum(tf.square(variable))),
              tf.scalar(0),
            );
          return tf.add(total, tf.mul(penalty, options.l2)) as ReturnType<typeof tf.scalar>;
        }),
      true,
      trainable,
    );
    if (options.onProgress && (iteration % 50 === 0 || iteration === options.iterations)) {
      options.onProgress(iteration, (await loss!.data())[0]!);
    }
    loss?.dispose();
  }
  const params: GroupSoftmaxParams = {
    features,
    hidden,
    mean,
    std,
    w1: hidden > 0 ? Float32Array.from(await w1.data()) : new Float32Array(0),
    b1: Float32Array.from(await b1.data()),
    w2: Float32Array.from(await w2.data()),
    podiumW: options.podium ? Float32Array.from(await podiumW.data()) : null,
    podiumB: options.podium ? (await podiumB.data())[0]! : 0,
  };
  tf.dispose([
    z,
    mask,
    padding,
    winners,
    groupWeight,
    slotWeight,
    podiumLabels,
    w1,
    b1,
    w2,
    podiumW,
    podiumB,
  ]);
  optimizer.dispose();
  return params;
}

/** The trained model's outputs in TensorFlow.js: win (softmax per group) and podium, groups × slots each. */
export async function predictGroupSoftmax(
  params: GroupSoftmaxParams,
  x: Float32Array,
  present: Float32Array,
  slots: number,
): Promise<{win: Float32Array; podium: Float32Array | null}> {
  const tf = await loadTf();
  const groups = present.length / slots;
  const {features, hidden} = params;
  const [win, podium] = tf.tidy((): ReturnType<typeof tf.softmax>[] => {
    const z = tf.div(
      tf.sub(tf.tensor2d(x, [groups * slots, features]), tf.tensor1d(params.mean)),
      tf.tensor1d(params.std),
    );
    const rows =
      hidden > 0
        ? tf.tanh(tf.add(tf.matMul(z, tf.tensor2d(params.w1, [features, hidden])), tf.tensor1d(params.b1)))
        : z;
    const score = tf.reshape(tf.matMul(rows, tf.tensor2d(params.w2, [params.w2.length, 1])), [groups, slots]);
    const mask = tf.tensor2d(present, [groups, slots]);
    const probabilities = tf.softmax(tf.add(score, tf.mul(tf.sub(mask, 1), PADDING_PENALTY)));
    const podiumProbabilities = params.podiumW
      ? tf.mul(
          tf.sigmoid(
            tf.add(
              tf.reshape(tf.matMul(z, tf.tensor2d(params.podiumW, [features, 1])), [groups, slots]),
              params.podiumB,
            ),
          ),
          mask,
        )
      : null;
    return podiumProbabilities ? [probabilities, podiumProbabilities] : [probabilities];
  });
  const result = {
    win: Float32Array.from(await win!.data()),
    podium: podium ? Float32Array.from(await podium.data()) : null,
  };
  tf.dispose([win!, ...(podium ? [podium] : [])]);
  return result;
}

/**
 * The model as ONNX: inputs `features` [groups, slots, F] and `present` [groups, slots]; outputs `win`
 * (softmax over each group's present slots) and, with a podium head, `podium`.
 */
export function toGroupSoftmaxOnnx(
  params: GroupSoftmaxParams,
  options: {name: string; doc: string; metadata: Record<string, string>; inputDocs?: string},
): Uint8Array {
  const {features, hidden} = params;
  const graph = new OnnxGraph(options.name);
  const x = graph.input("features", ["groups", "slots", features], options.inputDocs ?? "");
  const present = graph.input("present", ["groups", "slots"], "1 for a real row, 0 for padding");
  const z = graph.node("Div", [
    graph.node("Sub", [x, graph.constant("mean", [features], params.mean)]),
    graph.constant("std", [features], params.std),
  ]);
  const rows =
    hidden > 0
      ? graph.node("Tanh", [
          graph.node("Add", [
            graph.node("MatMul", [z, graph.constant("w1", [features, hidden], params.w1)]),
            graph.constant("b1", [hidden], params.b1),
          ]),
        ])
      : z;
  const score = graph.node("MatMul", [rows, graph.constant("w2", [params.w2.length], params.w2)]);
  const penalty = graph.node("Mul", [
    graph.node("Sub", [present, graph.constant("one", [], [1])]),
    graph.constant("padding_penalty", [], [PADDING_PENALTY]),
  ]);
  graph.node("Softmax", [graph.node("Add", [score, penalty])], {output: "win", axis: -1});
  graph.output("win", ["groups", "slots"], "win probability; sums to 1 over a group's present slots");
  if (params.podiumW) {
    const logits = graph.node("Add", [
      graph.node("MatMul", [z, graph.constant("podium_w", [features], params.podiumW)]),
      graph.constant("podium_b", [], [params.podiumB]),
    ]);
    graph.node("Mul", [graph.node("Sigmoid", [logits]), present], {output: "podium"});
    graph.output("podium", ["groups", "slots"], "probability of a podium finish (0 in padding)");
  }
  return graph.toBytes({doc: options.doc, metadata: options.metadata});
}
