import type {Clock} from "./clock.js";

/** At most `requests` requests in any sliding window of `perMs` milliseconds. */
export interface RateWindow {
  requests: number;
  perMs: number;
}

/** Public limits of the hosts PitWall talks to; a source can declare its own per request. */
export const knownRateLimits: Readonly<Record<string, readonly RateWindow[]>> = {
  // OpenF1 answers 429 past 30 requests per 10 s per IP.
  "api.openf1.org": [{requests: 30, perMs: 10_000}],
  // Jolpica allows bursts of 4 per second and 500 per hour.
  "api.jolpi.ca": [
    {requests: 4, perMs: 1_000},
    {requests: 500, perMs: 3_600_000},
  ],
};

/**
 * A sliding-window log over several windows at once (e.g. 4/s and 500/h). Callers queue in order, so
 * concurrent requests to one host never overtake each other or burst past a window.
 */
export class RateLimiter {
  private readonly stamps: number[] = [];
  private readonly longestMs: number;
  /** Length of the shortest window, ms: how long to back off after an unexpected 429. */
  readonly shortestWindowMs: number;
  private queue: Promise<void> = Promise.resolve();
  private blockedUntil = 0;

  constructor(
    readonly windows: readonly RateWindow[],
    private readonly clock: Clock,
    private readonly onWait: (waitMs: number) => void = () => {},
  ) {
    for (const window of windows) {
      if (!(window.requests >= 1) || !(window.perMs > 0)) {
        throw new Error(`Bad rate window ${JSON.stringify(window)}: want requests >= 1 and perMs > 0.`);
      }
    }
    this.longestMs = Math.max(0, ...windows.map((window) => window.perMs));
    this.shortestWindowMs = windows.length > 0 ? Math.min(...windows.map((window) => window.perMs)) : 0;
  }

  /** Waits until one more request fits every window, then records it. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.catch(() => {});
    return turn;
  }

  /** Holds every caller until `epochMs` (a server said Retry-After). */
  blockUntil(epochMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, epochMs);
  }

  /** How long the next request would wait now, ms. */
  waitMs(): number {
    const now = this.clock.now();
    let wait = this.blockedUntil - now;
    for (const window of this.windows) {
      const inWindow = this.stamps.filter((stamp) => stamp > now - window.perMs);
      if (inWindow.length >= window.requests) {
        const oldestThatMustLeave = inWindow[inWindow.length - window.requests]!;
        wait = Math.max(wait, oldestThatMustLeave + window.perMs - now);
      }
    }
    return Math.max(0, wait);
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const wait = this.waitMs();
      if (wait <= 0) break;
      this.onWait(wait);
      await this.clock.sleep(wait, signal);
    }
    const now = this.clock.now();
    this.stamps.push(now);
    while (this.stamps.length > 0 && this.stamps[0]! <= now - this.longestMs) this.stamps.shift();
  }
}
