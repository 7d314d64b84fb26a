import type {RateWindow} from "./rate-limit.js";

/** How the HTTP layer answers requests: from the internet, or from a local mirror folder. */
export interface HttpSettings {
  /** Folder laid out by URL (with urls.tsv), answering every request offline; null to use the internet. */
  mirror: string | null;
  /** Folder for the on-disk response cache; null disables it. */
  cacheDir: string | null;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Skip the on-disk cache for this request (still written to it). */
  fresh?: boolean;
  /** Give up on one attempt after this many ms (then retry); defaults to the layer's timeoutMs. */
  timeoutMs?: number;
  /**
   * The rate limit the calling source knows for this URL's host (e.g. OpenF1's 30 per 10 s). A limit given
   * to createHttp for the host wins over it.
   */
  rateLimit?: readonly RateWindow[];
  /**
   * Keep a 404 answer in the cache for this long, ms, and answer the same 404 from it meanwhile. For APIs
   * whose 404 means "nothing here yet" (OpenF1's "No results found."). Defaults to 0: 404s are not kept.
   */
  notFoundTtlMs?: number;
}

/** The one door to the network. Every data source fetches through it, so mirror mode and caching apply to all. */
export interface Http {
  /** GET a URL as text; rejects with HttpError when it cannot be answered. */
  getText(url: string, options?: RequestOptions): Promise<string>;
  /** GET a URL as JSON; rejects with HttpError on a bad status or with a clear error on malformed JSON. */
  getJson<T = unknown>(url: string, options?: RequestOptions): Promise<T>;
  /** URLs under a prefix that the mirror holds (empty when online: the internet cannot be listed). */
  listMirrored(prefix: string): Promise<string[]>;
}

/**
 * What went wrong: the server answered a bad status, the network failed, an attempt timed out, the body
 * was malformed (e.g. truncated JSON), the mirror does not hold the URL, or the caller aborted.
 */
export type HttpErrorKind = "status" | "network" | "timeout" | "malformed" | "not-mirrored" | "aborted";

export interface HttpErrorDetails {
  kind?: HttpErrorKind;
  /** Attempts made before giving up. */
  attempts?: number;
  /** Part of the response body (its start; its end when malformed), for error shapes such as OpenF1's {"detail": "No results found."}. */
  body?: string;
  cause?: unknown;
}

/** A request that could not be answered: says which URL, why, and what to do next. */
export class HttpError extends Error {
  readonly kind: HttpErrorKind;
  readonly attempts: number;
  readonly body: string | null;

  constructor(
    readonly url: string,
    readonly status: number | null,
    message: string,
    details: HttpErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : {cause: details.cause});
    this.name = "HttpError";
    this.kind = details.kind ?? (status == null ? "network" : "status");
    this.attempts = details.attempts ?? 1;
    this.body = details.body ?? null;
  }
}
