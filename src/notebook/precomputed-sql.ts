// Page glue: SQL cells that answer at once. The build runs a page's fixed SQL cells in native DuckDB over the
// very tables the page loads (store/precompute-sql.ts) and ships the results as Arrow. The page's `sql` tag
// returns such a result when the query text and parameters are exactly the ones the build ran; anything
// else (an edited cell, a slider's new value) runs in DuckDB-WASM, which starts while the page is idle.

/** One query answered by the build: the key of its text and parameters, and its result as base64 Arrow IPC. */
export interface PrecomputedQuery {
  key: string;
  arrow: string;
}

/** What the build writes for one page and session. */
export interface PrecomputedResults {
  version: 1;
  /** The engine that ran the queries, e.g. "DuckDB v1.5.0 (native)". */
  engine: string;
  queries: PrecomputedQuery[];
  /** Queries the build could not answer ahead of time, with why (they run in the browser). */
  skipped: {key: string; reason: string}[];
}

export const PRECOMPUTED_VERSION = 1;

/**
 * Identifies a query as a tagged template sees it: Framework hands a ```sql cell to `sql` as the cell's text
 * (trimmed) split at each `${...}`, then the values. Exact text: two queries differing only in a comment's
 * line breaks could mean different things.
 */
export function toQueryKey(strings: readonly string[], params: readonly unknown[] = []): string {
  return JSON.stringify([
    strings,
    params.map((value) => (typeof value === "bigint" ? Number(value) : value)),
  ]);
}

/** The tag's view of a DuckDB client. */
export interface SqlClient<Result> {
  sql(strings: readonly string[], ...params: unknown[]): Promise<Result>;
}

export interface PrecomputedSqlOptions<Result> {
  /** Turns Arrow IPC bytes into the result a cell gets (a page passes Arrow.tableFromIPC). */
  decode: (bytes: Uint8Array) => Result;
  /** The DuckDB client that answers everything else: opened on the first query the build did not run, and
   * (with `soon`) when the page is idle after the first answer. */
  database: (() => Promise<SqlClient<Result>>) & {soon?: () => void};
  /** False runs every query in the browser (`?sql=browser` on a page), to compare with the build's answers. */
  useBuildResults?: boolean;
  /** Told where each answer came from, e.g. to count them on the page. */
  onAnswer?: (source: "build" | "browser") => void;
}

/** A `sql` template tag answering from the build's results first, from DuckDB otherwise. */
export function precomputedSql<Result>(
  results: PrecomputedResults,
  {decode, database, useBuildResults = true, onAnswer}: PrecomputedSqlOptions<Result>,
): (strings: readonly string[], ...params: unknown[]) => Promise<Result> {
  if (results.version !== PRECOMPUTED_VERSION)
    throw new Error(
      `Precomputed SQL results have version ${String(results.version)}, this page reads ${PRECOMPUTED_VERSION}: rebuild the site (npm run build).`,
    );
  const encoded = new Map(useBuildResults ? results.queries.map((query) => [query.key, query.arrow]) : []);
  const decoded = new Map<string, Result>();
  return async (strings, ...params) => {
    database.soon?.();
    const key = toQueryKey(strings, params);
    const known = decoded.get(key);
    const arrow = encoded.get(key);
    if (known === undefined && arrow === undefined) {
      const result = await (await database()).sql(strings, ...params);
      onAnswer?.("browser");
      return result;
    }
    const result = known ?? decode(fromBase64(arrow!));
    decoded.set(key, result);
    onAnswer?.("build");
    return result;
  };
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** State of the browser's SQL engine, for the page to show. */
export type EngineState = "waiting" | "starting" | "ready" | "failed";

/** Something opened on demand, see openWhenIdle. */
export interface IdleOpener<T> {
  /** The opened value; opens it now if it is not yet opening. */
  (): Promise<T>;
  /** Opens it when the page is next idle (after the drawing that is under way), unless asked sooner. */
  soon(): void;
}

/** When openWhenIdle opens on its own. */
export interface IdleOptions {
  /** Longest wait for an idle moment once armed, in milliseconds. */
  idleTimeoutMs?: number;
  /** False while the page is still drawing: the idle start waits for the drawing to finish, up to `maxWaitMs`. */
  settled?: () => boolean;
  /** Longest wait for `settled`, in milliseconds, after which it opens anyway. */
  maxWaitMs?: number;
  onState?: (state: EngineState) => void;
}

/**
 * Opens something once: on first use, or when the page is idle and settled after `soon()`. DuckDB-WASM
 * compiles a 35 MB module and decodes every table; started while the page waits for its first data or
 * draws it (the runtime leaves idle moments between animation frames), it would delay the first drawing,
 * so the page's SQL tag calls `soon()` when it first answers and the page says when it has settled.
 */
export function openWhenIdle<T>(
  open: () => Promise<T>,
  {idleTimeoutMs = 2000, settled = () => true, maxWaitMs = 10_000, onState}: IdleOptions = {},
): IdleOpener<T> {
  let opening: Promise<T> | null = null;
  let armed = false;
  const get = () => {
    if (!opening) {
      onState?.("starting");
      opening = open().then(
        (value) => (onState?.("ready"), value),
        (error: unknown) => {
          onState?.("failed");
          throw error;
        },
      );
    }
    return opening;
  };
  onState?.("waiting");
  let giveUpAt = Infinity;
  const whenIdle = (callback: () => void) => {
    if (typeof requestIdleCallback === "function") requestIdleCallback(callback, {timeout: idleTimeoutMs});
    else setTimeout(callback, 0);
  };
  const start = () => {
    if (opening) return;
    if (!settled() && Date.now() < giveUpAt) {
      // Not from an idle callback straight away: a page still drawing has idle moments between frames.
      setTimeout(() => whenIdle(start), 50);
      return;
    }
    void get().catch(() => {});
  };
  const soon = () => {
    if (armed) return;
    armed = true;
    giveUpAt = Date.now() + maxWaitMs;
    whenIdle(start);
  };
  return Object.assign(get, {soon});
}
