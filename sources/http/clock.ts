/** Time as the HTTP layer sees it; injected so tests of backoff and rate limits never really wait. */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: Date.now and setTimeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        signal?.removeEventListener("abort", abort);
        resolve();
      }
      function abort() {
        clearTimeout(timer);
        reject(signal?.reason);
      }
      signal?.addEventListener("abort", abort, {once: true});
    });
  },
};

/** A clock whose time only moves when someone sleeps or calls advance(); sleeping returns at once. */
export interface VirtualClock extends Clock {
  advance(ms: number): void;
  /** Total time spent in sleep() calls, ms. */
  readonly sleptMs: number;
}

/** Creates a virtual clock starting at `startMs` (defaults to 0). */
export function createVirtualClock(startMs = 0): VirtualClock {
  let now = startMs;
  let sleptMs = 0;
  return {
    now: () => now,
    get sleptMs() {
      return sleptMs;
    },
    advance(ms) {
      now += Math.max(0, ms);
    },
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      const wake = now + Math.max(0, ms);
      sleptMs += Math.max(0, ms);
      // Yield first so concurrent sleepers interleave the way real timers would.
      await new Promise((resolve) => setImmediate(resolve));
      now = Math.max(now, wake);
    },
  };
}
