import * as ort from "onnxruntime-node";

/** An ONNX Runtime session over model bytes (Node), single-threaded so timings and results are steady. */
export async function openOnnxSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {intraOpNumThreads: 1, interOpNumThreads: 1});
}

/** Runs a session on float32 inputs ({name: [data, dims]}) and returns its float32 outputs by name. */
export async function runOnnx(
  session: ort.InferenceSession,
  inputs: Record<string, [Float32Array, number[]]>,
): Promise<Record<string, Float32Array>> {
  const feeds = Object.fromEntries(
    Object.entries(inputs).map(([name, [data, dims]]) => [name, new ort.Tensor("float32", data, dims)]),
  );
  const results = await session.run(feeds);
  return Object.fromEntries(
    Object.entries(results).map(([name, tensor]) => [name, tensor.data as Float32Array]),
  );
}
