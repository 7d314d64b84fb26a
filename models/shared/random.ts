/** A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence everywhere. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Normal samples (Box-Muller) from a seeded generator, scaled by `scale`. */
export function normalSamples(random: () => number, count: number, scale: number): Float32Array {
  const out = new Float32Array(count);
  for (let index = 0; index < count; index++) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    out[index] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return out;
}
