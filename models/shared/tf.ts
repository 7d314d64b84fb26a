import * as tf from "@tensorflow/tfjs";

// TensorFlow.js on its pure-JavaScript CPU backend: no native binary to download, and single-threaded, so
// the same data and seed give the same float32 weights on every run. Production mode skips debug checks and
// the console banner suggesting tfjs-node.
let ready: Promise<typeof tf> | null = null;

/** TensorFlow.js, set up for deterministic training on the CPU backend. */
export function loadTf(): Promise<typeof tf> {
  ready ??= (async () => {
    tf.enableProdMode();
    await tf.setBackend("cpu");
    return tf;
  })();
  return ready;
}
