import type {ResponseCache} from "./cache.js";
import type {Clock} from "./clock.js";
import {knownRateLimits, RateLimiter, type RateWindow} from "./rate-limit.js";
import {backoffDelayMs, isRetryableStatus, parseRetryAfter, type RetryPolicy} from "./retry.js";
import {HttpError, type RequestOptions} from "./types.js";

const USER_AGENT = "PitWall/0.1 (Formula 1 analytics notebooks)";
const BODY_SNIPPET_CHARS = 2_000;

export interface NetworkOptions {
  cache: ResponseCache | null;
  clock: Clock;
  retry: RetryPolicy;
  timeoutMs: number;
  rateLimits: Readonly<Record<string, readonly RateWindow[]>>;
  log: (line: string) => void;
  verbose: boolean;
}

/** Turns a body into a value, throwing HttpError (kind "malformed") when it is unusable. */
export type Decode<T> = (text: string) => T;

type Outcome<T> = {value: T; text: string} | {error: HttpError; retry: boolean; retryAfterMs: number | null};

/** GETs over the internet with the cache, per-host rate limits, timeouts and retries. */
export function createNetworkGetter(options: NetworkOptions) {
  const limiters = new Map<string, RateLimiter | null>();
  const {clock, retry: policy, log} = options;

  function limiterFor(url: string, declared: readonly RateWindow[] | undefined): RateLimiter | null {
    const {host, hostname} = new URL(url);
    if (!limiters.has(host)) {
      const windows =
        options.rateLimits[host] ?? options.rateLimits[hostname] ?? declared ?? knownRateLimits[hostname];
      const describe = windows?.map((w) => `${w.requests} per ${w.perMs / 1000} s`).join(", ");
      limiters.set(
        host,
        windows && windows.length > 0
          ? new RateLimiter(windows, clock, (waitMs) => {
              if (waitMs >= 1_000 || options.verbose)
                log(`http: ${host} allows ${describe}; waiting ${seconds(waitMs)}`);
            })
          : null,
      );
    }
    return limiters.get(host) ?? null;
  }

  async function readCache<T>(
    url: string,
    request: RequestOptions,
    decode: Decode<T>,
  ): Promise<{value: T} | null> {
    const entry = await options.cache?.read(url, log);
    if (entry == null) return null;
    if (entry.status === 404) {
      const ageMs = clock.now() - entry.savedAtMs;
      if (!(ageMs <= (request.notFoundTtlMs ?? 0))) return null;
      throw new HttpError(
        url,
        404,
        `${url} answered HTTP 404: ${oneLine(entry.body)} (kept from ${new Date(entry.savedAtMs).toISOString()}; ` +
          `pass fresh: true to ask again).`,
        {kind: "status", body: entry.body.slice(0, BODY_SNIPPET_CHARS)},
      );
    }
    try {
      return {value: decode(entry.body)};
    } catch (error) {
      log(`http: cached copy of ${url} is unusable (${(error as Error).message}); refetching.`);
      return null;
    }
  }

  async function store(url: string, text: string, status = 200): Promise<void> {
    try {
      await options.cache?.write(url, text, status, clock.now());
    } catch (error) {
      log(`http: could not cache ${url} (${(error as Error).message}); continuing without the cache.`);
    }
  }

  async function tryOnce<T>(url: string, request: RequestOptions, decode: Decode<T>): Promise<Outcome<T>> {
    const started = clock.now();
    let answer: Answer;
    try {
      answer = await fetchOnce(url, request.timeoutMs ?? options.timeoutMs, request.signal);
    } catch (error) {
      const failure = error as HttpError;
      return {error: failure, retry: failure.kind !== "aborted", retryAfterMs: null};
    }
    if (options.verbose) {
      log(`http: GET ${url} -> ${answer.status} (${answer.text.length} chars, ${clock.now() - started} ms)`);
    }
    if (answer.status >= 200 && answer.status < 300) {
      try {
        return {value: decode(answer.text), text: answer.text};
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        return {error, retry: true, retryAfterMs: null};
      }
    }
    const error = new HttpError(
      url,
      answer.status,
      `${url} answered HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ""}` +
        (answer.text ? `: ${oneLine(answer.text)}` : "."),
      {kind: "status", body: answer.text.slice(0, BODY_SNIPPET_CHARS)},
    );
    const retry = isRetryableStatus(answer.status);
    return {error, retry, retryAfterMs: retry ? parseRetryAfter(answer.retryAfter, clock.now()) : null};
  }

  /** GETs `url`: from the cache unless `fresh`, else from the network, retrying what is worth retrying. */
  return async function get<T>(url: string, request: RequestOptions, decode: Decode<T>): Promise<T> {
    if (!URL.canParse(url)) {
      throw new HttpError(
        url,
        null,
        `"${url}" is not a valid URL; check the base URL this source was given.`,
        {
          kind: "network",
        },
      );
    }
    if (!request.fresh) {
      const cached = await readCache(url, request, decode);
      if (cached) return cached.value;
    }
    const limiter = limiterFor(url, request.rateLimit);
    for (let attempt = 1; ; attempt++) {
      await waitOrAbort(url, () => limiter?.acquire(request.signal));
      const outcome = await tryOnce(url, request, decode);
      if ("value" in outcome) {
        await store(url, outcome.text);
        return outcome.value;
      }
      const {error, retry, retryAfterMs} = outcome;
      if (error.status === 404 && (request.notFoundTtlMs ?? 0) > 0) await store(url, error.body ?? "", 404);
      if (!retry || attempt >= policy.attempts) throw giveUp(error, attempt, retry);
      if (retryAfterMs != null && retryAfterMs > policy.retryAfterCapMs) {
        throw new HttpError(
          url,
          error.status,
          `${error.message} The server asks to wait ${seconds(retryAfterMs)} (Retry-After), longer than the ` +
            `${seconds(policy.retryAfterCapMs)} this client waits. Try again later, or raise retry.retryAfterCapMs.`,
          {kind: error.kind, attempts: attempt, body: error.body ?? undefined},
        );
      }
      // A 429 without Retry-After (OpenF1 sends none) means our idea of the limit was wrong or the IP is
      // shared: wait out the host's shortest window, not just a backoff that may end inside it.
      const windowMs = error.status === 429 && limiter ? limiter.shortestWindowMs : 0;
      const waitMs = retryAfterMs ?? Math.max(backoffDelayMs(attempt, policy), windowMs);
      if (retryAfterMs != null || windowMs > 0) limiter?.blockUntil(clock.now() + waitMs);
      log(
        `http: ${shorten(error.message)} Retry ${attempt}/${policy.attempts - 1} in ${seconds(waitMs)}` +
          (retryAfterMs != null ? " (Retry-After)." : "."),
      );
      await waitOrAbort(url, () => clock.sleep(waitMs, request.signal));
    }
  };
}

interface Answer {
  status: number;
  statusText: string;
  text: string;
  retryAfter: string | null;
}

async function fetchOnce(url: string, timeoutMs: number, callerSignal?: AbortSignal): Promise<Answer> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
  try {
    const response = await fetch(url, {
      signal,
      headers: {"user-agent": USER_AGENT, accept: "application/json, text/plain;q=0.9, */*;q=0.8"},
    });
    // The body is read under the same signal, so a server that stalls mid-body also times out.
    const text = await response.text();
    return {
      status: response.status,
      statusText: response.statusText,
      text,
      retryAfter: response.headers.get("retry-after"),
    };
  } catch (error) {
    if (callerSignal?.aborted) {
      throw new HttpError(url, null, `The request for ${url} was cancelled.`, {
        kind: "aborted",
        cause: error,
      });
    }
    if (timeout.aborted) {
      throw new HttpError(url, null, `${url} did not answer within ${seconds(timeoutMs)}.`, {
        kind: "timeout",
        cause: error,
      });
    }
    throw new HttpError(url, null, `Cannot reach ${url}: ${describeNetworkError(error)}.`, {
      kind: "network",
      cause: error,
    });
  }
}

async function waitOrAbort(url: string, wait: () => Promise<void> | undefined): Promise<void> {
  try {
    await wait();
  } catch (error) {
    throw new HttpError(url, null, `The request for ${url} was cancelled.`, {kind: "aborted", cause: error});
  }
}

function giveUp(error: HttpError, attempts: number, retried: boolean): HttpError {
  if (error.kind === "aborted") return error;
  const tries = retried ? ` Gave up after ${attempts} attempts.` : "";
  return new HttpError(error.url, error.status, `${error.message}${tries} ${adviceFor(error)}`, {
    kind: error.kind,
    attempts,
    body: error.body ?? undefined,
    cause: error.cause,
  });
}

function adviceFor(error: HttpError): string {
  switch (error.kind) {
    case "timeout":
      return "Raise timeoutMs, or ask for less at once (e.g. a shorter time window).";
    case "network":
      return "Check the connection, or set PITWALL_MIRROR to a local mirror folder to work offline.";
    case "malformed":
      return "The body was cut short or is not what was expected; try again later.";
    default:
      break;
  }
  const status = error.status ?? 0;
  if (status === 429) return "The server is rate-limiting this client; wait a minute and rerun.";
  if (isRetryableStatus(status))
    return "The server is failing; try again later, or work offline with a mirror (PITWALL_MIRROR).";
  if (status === 401 || status === 403)
    return "The server refuses this request; it may need an account or a key.";
  return "Check the URL and its query parameters.";
}

function describeNetworkError(error: unknown): string {
  const cause = (error as {cause?: {code?: string; message?: string}}).cause;
  const detail = cause?.code ?? cause?.message;
  return `${(error as Error).message}${detail ? ` (${detail})` : ""}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function shorten(message: string): string {
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}
