/** How the HTTP layer retries 429s, 5xx, timeouts, network errors and truncated bodies. */
export interface RetryPolicy {
  /** Tries in all, the first included; defaults to 5. */
  attempts: number;
  /** Backoff before the first retry, ms; doubles on each further one. Defaults to 500. */
  baseDelayMs: number;
  /** Longest backoff, ms; defaults to 30 s. */
  maxDelayMs: number;
  /** Longest Retry-After the layer will honour, ms; a longer one fails at once. Defaults to 2 min. */
  retryAfterCapMs: number;
  /** Random number in [0, 1) for the jitter; injected so tests are repeatable. */
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  retryAfterCapMs: 120_000,
  random: Math.random,
};

/**
 * Backoff before retry number `retry` (1 for the first retry): exponential, with "equal jitter" (half fixed,
 * half random) so clients that failed together do not come back together, yet never retry at once.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + policy.random() * (ceiling / 2));
}

/** Statuses worth another try: 408 (OpenF1's own 20-s timeout), 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Reads a Retry-After header, either delay-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT"),
 * as milliseconds from `nowMs`; null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return null;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}
