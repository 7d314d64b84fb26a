import {readFile} from "node:fs/promises";
import {readSettings, type Settings} from "../settings.js";
import {ResponseCache} from "./cache.js";
import {systemClock, type Clock} from "./clock.js";
import {Mirror} from "./mirror.js";
import {createNetworkGetter, type Decode} from "./network.js";
import type {RateWindow} from "./rate-limit.js";
import {defaultRetryPolicy, type RetryPolicy} from "./retry.js";
import {HttpError, type Http, type HttpSettings, type RequestOptions} from "./types.js";

/** Everything createHttp accepts; only `mirror` is required. */
export interface HttpOptions extends Pick<HttpSettings, "mirror">, Partial<Pick<HttpSettings, "cacheDir">> {
  /** Per-attempt timeout, ms; defaults to 30 s. */
  timeoutMs?: number;
  /** Retry policy; unset fields take defaultRetryPolicy's values. */
  retry?: Partial<RetryPolicy>;
  /** Rate limits by host ("api.openf1.org" or "127.0.0.1:8080"); they win over the ones sources declare. */
  rateLimits?: Record<string, readonly RateWindow[]>;
  /** Defaults to the system clock; tests pass a virtual one. */
  clock?: Clock;
  /** Where progress and retry lines go; defaults to stderr (never stdout, which loaders write data to). */
  log?: (line: string) => void;
  /** Log every request, not only retries and waits. */
  verbose?: boolean;
}

/**
 * Creates the HTTP layer: answers from the mirror folder when one is set, else from the internet through the
 * on-disk cache (when cacheDir is set), per-host rate limits, timeouts and retries.
 */
export async function createHttp(options: HttpOptions): Promise<Http> {
  const mirror = options.mirror ? await Mirror.open(options.mirror) : null;
  const get: <T>(url: string, request: RequestOptions, decode: Decode<T>) => Promise<T> = mirror
    ? async (url, _request, decode) => decode(await readMirrored(mirror, url))
    : createNetworkGetter({
        cache: options.cacheDir ? new ResponseCache(options.cacheDir) : null,
        clock: options.clock ?? systemClock,
        retry: {...defaultRetryPolicy, ...options.retry},
        timeoutMs: options.timeoutMs ?? 30_000,
        rateLimits: options.rateLimits ?? {},
        log: options.log ?? logToStderr,
        verbose: options.verbose ?? false,
      });
  return {
    getText: (url, request) => get(url, request ?? {}, (text) => text),
    getJson: <T>(url: string, request?: RequestOptions) =>
      get(url, request ?? {}, (text) => parseJson<T>(url, text)),
    async listMirrored(prefix) {
      return mirror ? mirror.list(prefix) : [];
    },
  };
}

/** Creates the HTTP layer from the product settings (mirror folder and cache dir from readSettings()). */
export async function createHttpFromSettings(
  overrides: Partial<HttpOptions> = {},
  settings: Settings = readSettings(),
): Promise<Http> {
  const log = overrides.log ?? logToStderr;
  if (settings.mirror && overrides.mirror === undefined) {
    log(
      `http: answering from the mirror at ${settings.mirror} (from ${settings.mirrorOrigin}); ` +
        `set PITWALL_MIRROR=none to use the internet.`,
    );
  }
  return createHttp({mirror: settings.mirror, cacheDir: settings.cacheDir, ...overrides, log});
}

async function readMirrored(mirror: Mirror, url: string): Promise<string> {
  const path = mirror.pathFor(url);
  if (path == null) {
    throw new HttpError(
      url,
      404,
      `${url} is not in the mirror at ${mirror.root} (urls.tsv has no entry for it). ` +
        `Add the recording to the mirror, or set PITWALL_MIRROR=none to fetch it from the internet.`,
      {kind: "not-mirrored"},
    );
  }
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new HttpError(
      url,
      404,
      `${url} maps to ${path}, which cannot be read: ${(error as Error).message}. Restore the file or fix urls.tsv.`,
      {kind: "not-mirrored", cause: error},
    );
  }
}

/** Parses JSON text (tolerating a byte-order mark), naming the URL when it is malformed or truncated. */
export function parseJson<T>(url: string, text: string): T {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as T;
  } catch (error) {
    throw new HttpError(
      url,
      null,
      `${url} returned malformed JSON (${(error as Error).message}); it may be truncated.`,
      {kind: "malformed", body: text.slice(-200), cause: error},
    );
  }
}

function logToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}
