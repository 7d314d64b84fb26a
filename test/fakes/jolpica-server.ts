import {readFile} from "node:fs/promises";
import {createServer, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import {join} from "node:path";
import {readSettings} from "../../sources/settings.js";

/**
 * A local Jolpica (api.jolpi.ca/ergast/f1) that serves the real recorded answers in `<dataDir>/jolpica/`,
 * found through `<dataDir>/urls.tsv`, with Jolpica's protocol:
 * - paths as Jolpica's (`/ergast/f1/2023/1/results.json`; the `.json` suffix and a trailing slash optional);
 * - the MRData envelope, every value a string, `url` without the query;
 * - `limit` (default 30, at most 100) and `offset`, counted in the innermost items (results, timings,
 *   standings...), so a race or a lap can be split across pages; pages are cut from the recording;
 * - 429 with Retry-After and `{"detail": "Request was throttled..."}` past its rate limit (default Jolpica's
 *   4 a second and 500 an hour); throttled requests do not count against the limit.
 * A recording made with a small limit holds only the first page of a larger total (e.g. 2023/1/laps holds 100
 * of 1055 timings): the fake serves what it holds and reports that as the total, so paging through it ends.
 * Unrecorded paths answer 404.
 */
export interface FakeJolpicaOptions {
  /** Folder with urls.tsv and jolpica/; defaults to the settings' mirror (../shared/data). */
  dataDir?: string;
  /** Sliding windows; defaults to Jolpica's 4 per second and 500 per hour. */
  rateLimit?: readonly {requests: number; perMs: number}[];
  /** Clock for the rate limit, epoch ms; tests share a virtual clock with the client. */
  now?: () => number;
}

export interface FakeJolpica {
  /** Origin, e.g. http://127.0.0.1:41234. */
  url: string;
  /** What a client takes as its base URL: `${url}/ergast/f1`. */
  baseUrl: string;
  /** Path and query of every request received, in order (throttled ones included). */
  requests: string[];
  /** How many requests were answered 429. */
  readonly throttled: number;
  /** Recorded paths (e.g. /ergast/f1/2023/1/results.json) and the items each holds. */
  recordings: ReadonlyMap<string, Recording>;
  close(): Promise<void>;
}

export interface Recording {
  file: string;
  /** Items the recording holds (what the fake pages through). */
  items: number;
  /** The total the real server reported when it was recorded. */
  recordedTotal: number;
  mrData: Record<string, unknown>;
}

const PREFIX = "/ergast/f1/";
const DEFAULT_LIMIT = 30;
const MAX_LIMIT = 100;
const JOLPICA_LIMITS = [
  {requests: 4, perMs: 1_000},
  {requests: 500, perMs: 3_600_000},
];
// The arrays that hold what Jolpica counts, per table, outermost first.
const RACE_ITEM_ARRAYS = [
  ["Results"],
  ["SprintResults"],
  ["QualifyingResults"],
  ["PitStops"],
  ["Laps", "Timings"],
];

/** Starts the fake on a free local port. */
export async function startFakeJolpica(options: FakeJolpicaOptions = {}): Promise<FakeJolpica> {
  const dataDir = options.dataDir ?? readSettings().mirror ?? "../shared/data";
  const recordings = await loadRecordings(dataDir);
  const windows = options.rateLimit ?? JOLPICA_LIMITS;
  const now = options.now ?? Date.now;
  const stamps: number[] = [];
  const requests: string[] = [];
  let throttled = 0;

  const server = createServer((request, response) => {
    requests.push(request.url ?? "");
    const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "localhost"}`);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return send(response, 405, {detail: `Method "${request.method}" not allowed.`});
    }
    const waitMs = throttleWait(windows, stamps, now());
    if (waitMs > 0) {
      throttled++;
      const seconds = Math.ceil(waitMs / 1000);
      return send(
        response,
        429,
        {detail: `Request was throttled. Expected available in ${seconds} seconds.`},
        {
          "retry-after": String(seconds),
        },
      );
    }
    stamps.push(now());
    const path = toRecordedPath(url.pathname);
    const recording = path && recordings.get(path);
    if (!recording) {
      return send(response, 404, {
        detail: `Not found: ${url.pathname} is not recorded in ${join(dataDir, "urls.tsv")} (fake Jolpica).`,
      });
    }
    const limit = readCount(url.searchParams.get("limit"), DEFAULT_LIMIT);
    const offset = readCount(url.searchParams.get("offset"), 0);
    if (limit === null || limit < 1 || offset === null) {
      return send(response, 400, {detail: "limit and offset must be whole numbers (limit at least 1)."});
    }
    send(response, 200, {
      MRData: toPage(recording, `${url.origin}${path}`, Math.min(limit, MAX_LIMIT), offset),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const {port} = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    baseUrl: `${origin}/ergast/f1`,
    requests,
    get throttled() {
      return throttled;
    },
    recordings,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function loadRecordings(dataDir: string): Promise<Map<string, Recording>> {
  const index = await readFile(join(dataDir, "urls.tsv"), "utf8");
  const recordings = new Map<string, Recording>();
  for (const line of index.split(/\r?\n/)) {
    const [address, file] = line.split("\t");
    if (!address || !file || !address.startsWith("https://api.jolpi.ca/ergast/f1/")) continue;
    const path = toRecordedPath(new URL(address).pathname)!;
    const mrData = (
      JSON.parse(await readFile(join(dataDir, file), "utf8")) as {MRData: Record<string, unknown>}
    ).MRData;
    const items = countItems(mrData);
    const recording = {file, items, recordedTotal: Number(mrData.total), mrData};
    if ((recordings.get(path)?.items ?? -1) < items) recordings.set(path, recording);
  }
  return recordings;
}

/** "/ergast/f1/2023/1/results" or ".../results/" → "/ergast/f1/2023/1/results.json"; null outside the API. */
function toRecordedPath(pathname: string): string | null {
  if (!pathname.startsWith(PREFIX)) return null;
  const bare = pathname.replace(/\/+$/, "").replace(/\.json$/, "");
  return `${bare}.json`;
}

function readCount(text: string | null, fallback: number): number | null {
  if (text === null) return fallback;
  return /^\d+$/.test(text) ? Number(text) : null;
}

function throttleWait(
  windows: FakeJolpicaOptions["rateLimit"] & {},
  stamps: number[],
  nowMs: number,
): number {
  let wait = 0;
  for (const {requests, perMs} of windows) {
    const inWindow = stamps.filter((stamp) => stamp > nowMs - perMs);
    if (inWindow.length >= requests)
      wait = Math.max(wait, inWindow[inWindow.length - requests]! + perMs - nowMs);
  }
  return wait;
}

/** The table key of an MRData ("RaceTable", "SeasonTable"...) and the arrays down to its counted items. */
function itemArrays(mrData: Record<string, unknown>): {tableKey: string; arrays: string[]} {
  const tableKey = Object.keys(mrData).find((key) => key.endsWith("Table"));
  if (!tableKey) throw new Error(`A recording has no *Table in its MRData (keys: ${Object.keys(mrData)}).`);
  const table = mrData[tableKey] as Record<string, unknown>;
  if (tableKey === "RaceTable") {
    const races = (table.Races ?? []) as Record<string, unknown>[];
    const inner = RACE_ITEM_ARRAYS.find(([first]) => races.some((race) => first! in race));
    return {tableKey, arrays: ["Races", ...(inner ?? [])]};
  }
  if (tableKey === "StandingsTable") {
    const lists = (table.StandingsLists ?? []) as Record<string, unknown>[];
    const inner = ["DriverStandings", "ConstructorStandings"].find((key) =>
      lists.some((list) => key in list),
    );
    return {tableKey, arrays: ["StandingsLists", ...(inner ? [inner] : [])]};
  }
  const array = Object.keys(table).find((key) => Array.isArray(table[key]));
  return {tableKey, arrays: array ? [array] : []};
}

/** Every counted item with the chain of objects above it, outermost first. */
function flatten(mrData: Record<string, unknown>): {chain: Record<string, unknown>[]; arrays: string[]}[] {
  const {tableKey, arrays} = itemArrays(mrData);
  const out: {chain: Record<string, unknown>[]; arrays: string[]}[] = [];
  const walk = (node: Record<string, unknown>, depth: number, chain: Record<string, unknown>[]) => {
    for (const child of (node[arrays[depth]!] ?? []) as Record<string, unknown>[]) {
      if (depth === arrays.length - 1) out.push({chain: [...chain, child], arrays});
      else walk(child, depth + 1, [...chain, child]);
    }
  };
  if (arrays.length > 0) walk(mrData[tableKey] as Record<string, unknown>, 0, []);
  return out;
}

function countItems(mrData: Record<string, unknown>): number {
  return flatten(mrData).length;
}

/** One page of a recording: the items in [offset, offset + limit), nested back into copies of their parents. */
function toPage(
  recording: Recording,
  selfUrl: string,
  limit: number,
  offset: number,
): Record<string, unknown> {
  const {mrData} = recording;
  const {tableKey, arrays} = itemArrays(mrData);
  const items = flatten(mrData).slice(offset, offset + limit);
  const table = {...(mrData[tableKey] as Record<string, unknown>)};
  if (arrays[0]) table[arrays[0]] = [];
  const copies = new Map<Record<string, unknown>, Record<string, unknown>>();
  for (const {chain} of items) {
    let container = table;
    chain.forEach((node, depth) => {
      const list = container[arrays[depth]!] as Record<string, unknown>[];
      if (depth === chain.length - 1) return list.push(node);
      let copy = copies.get(node);
      if (!copy) {
        copy = {...node, [arrays[depth + 1]!]: []};
        copies.set(node, copy);
        list.push(copy);
      }
      container = copy;
    });
  }
  return {
    xmlns: mrData.xmlns ?? "",
    series: mrData.series ?? "f1",
    url: selfUrl,
    limit: String(limit),
    offset: String(offset),
    total: String(recording.items),
    [tableKey]: table,
  };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
