import {readFileSync} from "node:fs";
import {createServer, type IncomingMessage, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import {join, resolve} from "node:path";
import {projectRoot} from "../../sources/settings.js";
import {BadQueryError, matchesAll, parseInstant, parseOpenF1Query} from "./openf1-filter.js";

/**
 * A local OpenF1: /v1/<endpoint>?<filters> answered from the real recorded responses in the shared data folder
 * (read at start, never copied), filtered and sorted like the real API, with its status codes and error shapes.
 * It can misbehave on demand (429 with Retry-After, 5xx, slow answers, truncated JSON, connection resets),
 * enforce OpenF1's 30-per-10-s limit, and release timed rows only up to a moving "now" for live polling.
 */

type Row = Record<string, unknown>;

export type Fault =
  /** Answer this status instead (429 and 500 get OpenF1's bodies unless `body` is given). */
  | {kind: "status"; status: number; retryAfter?: string; body?: string}
  /** Answer correctly, but only after `delayMs` (real time). */
  | {kind: "slow"; delayMs: number}
  /** Answer 200 with the JSON cut after `keepBytes` (default: half), Content-Length matching the cut body. */
  | {kind: "truncate"; keepBytes?: number}
  /** Drop the connection: at once, or after sending headers and `afterBytes` of the body. */
  | {kind: "reset"; afterBytes?: number};

export interface RecordedRequest {
  method: string;
  endpoint: string | null;
  /** Raw query string, without "?". */
  query: string;
  /** The fake's clock when the request arrived (epoch ms). */
  at: number;
  status: number | "reset";
}

export interface FakeOpenF1Options {
  /** Folder holding urls.tsv and openf1/...; defaults to ../shared/data beside the checkout. */
  dataDir?: string;
  /** Synthetic rows to serve besides the recorded ones (e.g. car_data for windowing tests). */
  extraRows?: Record<string, Row[]>;
  /** The fake's clock, epoch ms; defaults to Date.now. Share the client's virtual clock in tests. */
  now?: () => number;
  /**
   * Release timed rows only when their time has come: rows with `date` (laps: `date_start`) after now()
   * are hidden, and a lap still being driven shows only the sectors already done. Defaults to false.
   */
  releaseByDate?: boolean;
  /** OpenF1's public limit, enforced with 429s; null turns it off. Defaults to 30 per 10 s. */
  rateLimit?: {requests: number; perMs: number} | null;
}

export interface FakeOpenF1 {
  /** Base URL to give the client, e.g. http://127.0.0.1:41234/v1 */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Rows the fake holds for an endpoint (all of them, before filtering or release). */
  rowsOf(endpoint: string): readonly Row[];
  /** Misbehave on the next `times` requests (default 1), optionally only those to `endpoint`. */
  inject(fault: Fault, options?: {times?: number; endpoint?: string}): void;
  close(): Promise<void>;
}

const OPENF1_PREFIX = "https://api.openf1.org/v1/";
const ALWAYS_VISIBLE = new Set([
  "meetings",
  "sessions",
  "drivers",
  "stints",
  "session_result",
  "starting_grid",
]);
// OpenF1 sorts by the first of these keys present and non-null in every row. Ties keep the database's order:
// the recorded position rows that share a date are not in driver order.
const SORT_KEYS = [
  "date",
  "date_start",
  "meeting_key",
  "session_key",
  "lap_start",
  "lap_number",
  "lap_end",
  "date_end",
  "driver_number",
];

/** Starts the fake OpenF1 on a free local port. */
export async function startFakeOpenF1(options: FakeOpenF1Options = {}): Promise<FakeOpenF1> {
  const tables = loadRecordedRows(options.dataDir ?? resolve(projectRoot, "..", "shared", "data"));
  for (const [endpoint, rows] of Object.entries(options.extraRows ?? {})) addRows(tables, endpoint, rows);
  const now = options.now ?? Date.now;
  const limit = options.rateLimit === undefined ? {requests: 30, perMs: 10_000} : options.rateLimit;
  const requests: RecordedRequest[] = [];
  const faults: {fault: Fault; remaining: number; endpoint?: string}[] = [];
  const timers = new Set<NodeJS.Timeout>();

  function takeFault(endpoint: string | null): Fault | null {
    const entry = faults.find((f) => f.remaining > 0 && (f.endpoint == null || f.endpoint === endpoint));
    if (!entry) return null;
    entry.remaining -= 1;
    return entry.fault;
  }

  function overLimit(at: number): boolean {
    if (!limit) return false;
    const recent = requests.filter(
      (r) => r.at > at - limit.perMs && r.status !== 429 && r.status !== "reset",
    );
    return recent.length >= limit.requests;
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const at = now();
    const [path = "", query = ""] = (request.url ?? "").split(/\?(.*)/s);
    const endpoint = /^\/v1\/(\w+)$/.exec(path)?.[1]?.toLowerCase() ?? null;
    const record: RecordedRequest = {method: request.method ?? "", endpoint, query, at, status: 0};
    const answer = (status: number, body: string, type: string, headers: Record<string, string> = {}) => {
      record.status = status;
      response.writeHead(status, {
        "content-type": type,
        "content-length": Buffer.byteLength(body),
        ...headers,
      });
      response.end(body);
    };
    if (overLimit(at)) {
      requests.push(record);
      return answer(
        429,
        JSON.stringify({error: `Rate limit exceeded: ${limit!.requests} per ${limit!.perMs / 1000} second`}),
        "application/json",
      );
    }
    requests.push(record);
    const fault = takeFault(endpoint);
    if (fault?.kind === "reset" && fault.afterBytes == null) {
      record.status = "reset";
      request.socket.destroy();
      return;
    }
    if (fault?.kind === "status") {
      const body = fault.body ?? defaultErrorBody(fault.status);
      const headers: Record<string, string> =
        fault.retryAfter == null ? {} : {"retry-after": fault.retryAfter};
      return answer(
        fault.status,
        body,
        body.startsWith("<") ? "text/html; charset=utf-8" : "application/json",
        headers,
      );
    }
    const result = respond(request.method ?? "GET", path, endpoint, query);
    if (fault?.kind === "slow") {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) answer(result.status, result.body, result.type);
      }, fault.delayMs);
      timers.add(timer);
      return;
    }
    if (fault?.kind === "truncate") {
      const bytes = Buffer.from(result.body);
      const cut = bytes.subarray(0, fault.keepBytes ?? Math.floor(bytes.length / 2)).toString("utf8");
      return answer(200, cut, result.type);
    }
    if (fault?.kind === "reset") {
      record.status = "reset";
      response.writeHead(result.status, {
        "content-type": result.type,
        "content-length": Buffer.byteLength(result.body),
      });
      response.write(Buffer.from(result.body).subarray(0, fault.afterBytes), () => request.socket.destroy());
      return;
    }
    answer(result.status, result.body, result.type);
  }

  function respond(method: string, path: string, endpoint: string | null, query: string) {
    const json = (status: number, value: unknown) => ({
      status,
      body: JSON.stringify(value),
      type: "application/json",
    });
    if (method !== "GET" && method !== "POST") return json(405, {detail: "Method Not Allowed"});
    if ((path === "/" || path === "") && !query)
      return {status: 200, body: "Welcome to OpenF1!", type: "text/plain; charset=utf-8"};
    if (!endpoint)
      return {
        status: 500,
        body: tracebackPage("ValueError: Invalid route"),
        type: "text/html; charset=utf-8",
      };
    let conditions;
    try {
      conditions = parseOpenF1Query(query, latestKeys(tables));
    } catch (error) {
      if (!(error instanceof BadQueryError)) throw error;
      return {
        status: 500,
        body: tracebackPage(`ValueError: ${error.message}`),
        type: "text/html; charset=utf-8",
      };
    }
    const visible = (tables.get(endpoint) ?? []).flatMap((row) => {
      const released = options.releaseByDate ? releaseRow(endpoint, row, now()) : row;
      return released && matchesAll(released, conditions) ? [released] : [];
    });
    if (visible.length === 0) return json(404, {detail: "No results found."});
    return json(200, sortLikeOpenF1(visible));
  }

  const server = createServer(handle);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const {port} = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    rowsOf: (endpoint) => tables.get(endpoint) ?? [],
    inject(fault, {times = 1, endpoint} = {}) {
      faults.push({fault, remaining: times, endpoint});
    },
    close: () =>
      new Promise<void>((done) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Reads every OpenF1 recording listed in urls.tsv into rows by endpoint. */
function loadRecordedRows(dataDir: string): Map<string, Row[]> {
  const tables = new Map<string, Row[]>();
  const index = readFileSync(join(dataDir, "urls.tsv"), "utf8");
  for (const line of index.split(/\r?\n/)) {
    const [url, path] = line.split("\t");
    if (!url?.startsWith(OPENF1_PREFIX) || !path) continue;
    const endpoint = new URL(url).pathname.split("/").pop()!;
    addRows(tables, endpoint, JSON.parse(readFileSync(join(dataDir, path), "utf8")) as Row[]);
  }
  return tables;
}

function addRows(tables: Map<string, Row[]>, endpoint: string, rows: readonly Row[]): void {
  const existing = tables.get(endpoint) ?? [];
  const seen = new Set(existing.map((row) => JSON.stringify(row)));
  for (const row of rows) {
    const key = JSON.stringify(row);
    if (!seen.has(key)) existing.push(row);
    seen.add(key);
  }
  tables.set(endpoint, existing);
}

function latestKeys(tables: Map<string, Row[]>): {session_key: number; meeting_key: number} {
  const sessions = tables.get("sessions") ?? [];
  const latest = sessions.reduce<Row | null>(
    (best, row) => (best == null || String(row.date_start) > String(best.date_start) ? row : best),
    null,
  );
  return {session_key: Number(latest?.session_key ?? 0), meeting_key: Number(latest?.meeting_key ?? 0)};
}

/** The row as OpenF1 would show it at `nowMs`, or null when it does not exist yet. */
function releaseRow(endpoint: string, row: Row, nowMs: number): Row | null {
  if (ALWAYS_VISIBLE.has(endpoint)) return row;
  const field = endpoint === "laps" ? "date_start" : "date";
  const start = typeof row[field] === "string" ? parseInstant(row[field] as string) : null;
  if (!start) return row;
  const elapsedS = (nowMs * 1000 - start.micros) / 1e6;
  if (elapsedS < 0) return null;
  return endpoint === "laps" ? revealLap(row, elapsedS) : row;
}

/** A lap in progress: OpenF1 fills in each sector as it is completed, and the lap time at the line. */
function revealLap(lap: Row, elapsedS: number): Row {
  const sectors = [1, 2, 3].map((n) => lap[`duration_sector_${n}`]);
  const shown: Row = {...lap};
  let sum = 0;
  sectors.forEach((duration, index) => {
    sum += typeof duration === "number" ? duration : Infinity;
    if (sum > elapsedS) {
      shown[`duration_sector_${index + 1}`] = null;
      shown[`segments_sector_${index + 1}`] = null;
      if (index === 0) shown.i1_speed = null;
      if (index === 1) shown.i2_speed = null;
      if (index === 1) shown.st_speed = null;
    }
  });
  if (typeof lap.lap_duration !== "number" || lap.lap_duration > elapsedS) shown.lap_duration = null;
  return shown;
}

function sortLikeOpenF1(rows: Row[]): Row[] {
  const key = SORT_KEYS.find((candidate) => rows.every((row) => row[candidate] != null));
  if (key == null) return rows;
  return [...rows].sort((a, b) => {
    const x = a[key] as string | number;
    const y = b[key] as string | number;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function defaultErrorBody(status: number): string {
  if (status === 429) return JSON.stringify({error: "Rate limit exceeded: 30 per 10 second"});
  if (status === 408) return JSON.stringify({detail: "Request timed out after 20 seconds"});
  if (status >= 500) return tracebackPage("pymongo.errors.ServerSelectionTimeoutError: fake outage");
  return JSON.stringify({detail: `HTTP ${status}`});
}

function tracebackPage(error: string): string {
  return `<h1>An error occurred</h1><pre>Traceback (most recent call last):\n  File "app.py", line 1, in endpoint\n${error}\n</pre>`;
}
