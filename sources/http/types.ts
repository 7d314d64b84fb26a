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

/** A request that could not be answered: says which URL, why, and what to do next. */
export class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}
