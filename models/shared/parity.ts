import {predictGroupSoftmax, toGroupSoftmaxOnnx, type GroupSoftmaxParams} from "./group-softmax.js";
import type {GroupBatch} from "./groups.js";
import {openOnnxSession, runOnnx} from "./onnx-runtime.js";

/** Largest difference allowed between ONNX Runtime and the trained model. */
export const PARITY_TOLERANCE = 1e-5;

/**
 * Runs an exported group model in ONNX Runtime on a batch and compares every present row's outputs with the
 * trained model's (TensorFlow.js) outputs for the same batch.
 */
export async function checkParity(
  onnx: Uint8Array,
  batch: GroupBatch,
  expected: {win: Float32Array; podium?: Float32Array | null},
): Promise<{rows: number; maxAbsDiff: number; tolerance: number; within: boolean}> {
  const session = await openOnnxSession(onnx);
  try {
    const actual = await runOnnx(session, {
      features: [batch.x, [batch.groups, batch.slots, batch.features]],
      present: [batch.present, [batch.groups, batch.slots]],
    });
    let maxAbsDiff = 0;
    let rows = 0;
    for (let flat = 0; flat < batch.present.length; flat++) {
      if (!batch.present[flat]) continue;
      rows++;
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(actual.win![flat]! - expected.win[flat]!));
      if (expected.podium)
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(actual.podium![flat]! - expected.podium[flat]!));
    }
    return {rows, maxAbsDiff, tolerance: PARITY_TOLERANCE, within: maxAbsDiff <= PARITY_TOLERANCE};
  } finally {
    await session.release();
  }
}

/**
 * Exports a trained group model to ONNX and checks ONNX Runtime against it on every present row of `testBatch`;
 * throws when they differ by more than PARITY_TOLERANCE.
 */
export async function exportGroupModel(
  params: GroupSoftmaxParams,
  testBatch: GroupBatch,
  options: {model: string; doc: string; columns: readonly {name: string}[]; inputDocs: string},
  log: (message: string) => void,
): Promise<{onnx: Uint8Array; parity: {rows: number; tolerance: number; within: boolean}}> {
  const onnx = toGroupSoftmaxOnnx(params, {
    name: `pitwall_${options.model.replace(/-/g, "_")}`,
    doc: options.doc,
    metadata: {model: options.model, columns: options.columns.map((column) => column.name).join(",")},
    inputDocs: options.inputDocs,
  });
  const expected = await predictGroupSoftmax(params, testBatch.x, testBatch.present, testBatch.slots);
  const parity = await checkParity(onnx, testBatch, expected);
  log(
    `parity: ONNX Runtime vs TensorFlow.js on ${parity.rows} test rows, max |diff| ${parity.maxAbsDiff.toExponential(2)}`,
  );
  if (!parity.within) throw new Error(`ONNX output differs from the trained model by ${parity.maxAbsDiff}`);
  return {onnx, parity: {rows: parity.rows, tolerance: parity.tolerance, within: parity.within}};
}
