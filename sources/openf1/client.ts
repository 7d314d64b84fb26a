import {HttpError, type Http, type RateWindow, type RequestOptions} from "../http/index.js";
import {toDateFilter, toQueryString, type DateInput, type OpenF1Filters} from "./query.js";
import {splitTimeRange} from "./time-windows.js";
import type {OpenF1Endpoint, OpenF1Rows} from "./types.js";

export const openF1BaseUrl = "https://api.openf1.org/v1";

/** OpenF1's public limit: 30 requests per 10 s per IP (it answers 429 beyond). */
export const openF1RateLimit: readonly RateWindow[] = [{requests: 30, perMs: 10_000}];

/** Endpoints big enough to fetch a session in time windows. */
export type WindowedEndpoint = "car_data" | "location";

export interface OpenF1ClientOptions {
  /** Defaults to https://api.openf1.org/v1 (no trailing slash needed). */
  baseUrl?: string;
  /** Defaults to openF1RateLimit. */
  rateLimit?: readonly RateWindow[];
  /** Progress lines (stderr by default). */
  log?: (line: string) => void;
  /**
   * How long an empty answer ("No results found.") is kept in the cache, ms; defaults to 1 hour. Short,
   * because OpenF1 publishes some data (car_data, location) only after a session ends.
   */
  noResultsTtlMs?: number;
}

export interface WindowedRange {
  start: DateInput;
  end: DateInput;
  /** Window length, ms; defaults to 5 minutes (about 22,000 car_data rows for 20 cars). */
  windowMs?: number;
}

type Rows<E extends OpenF1Endpoint> = OpenF1Rows[E][];
type Getter<E extends OpenF1Endpoint> = (
  filters?: OpenF1Filters<E>,
  request?: RequestOptions,
) => Promise<Rows<E>>;

/** A typed client for every OpenF1 /v1 endpoint, fetching through the shared Http. */
export interface OpenF1Client {
  readonly baseUrl: string;
  /** The URL for an endpoint and its filters. */
  urlFor<E extends OpenF1Endpoint>(endpoint: E, filters?: OpenF1Filters<E>): string;
  /** Rows of an endpoint; an empty answer (OpenF1's 404 "No results found.") is []. */
  get<E extends OpenF1Endpoint>(
    endpoint: E,
    filters?: OpenF1Filters<E>,
    request?: RequestOptions,
  ): Promise<Rows<E>>;
  /** Rows of a huge endpoint over a time range, one window at a time, merged in time order. */
  getInWindows<E extends WindowedEndpoint>(
    endpoint: E,
    filters: Omit<OpenF1Filters<E>, "date">,
    range: WindowedRange,
    request?: RequestOptions,
  ): Promise<Rows<E>>;
  /**
   * Rows newer than `after` (strictly), never from the cache: for polling a live session. Pass the last row's
   * own date string to get no duplicates.
   */
  getRowsAfter<E extends OpenF1Endpoint>(
    endpoint: E,
    filters: OpenF1Filters<E>,
    after: DateInput,
    options?: {field?: "date" | "date_start"; request?: RequestOptions},
  ): Promise<Rows<E>>;
  getMeetings: Getter<"meetings">;
  getSessions: Getter<"sessions">;
  getDrivers: Getter<"drivers">;
  getLaps: Getter<"laps">;
  getStints: Getter<"stints">;
  getPit: Getter<"pit">;
  getPosition: Getter<"position">;
  getIntervals: Getter<"intervals">;
  getRaceControl: Getter<"race_control">;
  getWeather: Getter<"weather">;
  getCarData: Getter<"car_data">;
  getLocation: Getter<"location">;
  getTeamRadio: Getter<"team_radio">;
  getSessionResult: Getter<"session_result">;
  getStartingGrid: Getter<"starting_grid">;
  getOvertakes: Getter<"overtakes">;
}

/** Creates an OpenF1 client over `http`; defaults to the public API and its 30-per-10-s limit. */
export function createOpenF1Client(http: Http, options: OpenF1ClientOptions = {}): OpenF1Client {
  const baseUrl = (options.baseUrl ?? openF1BaseUrl).replace(/\/+$/, "");
  const rateLimit = options.rateLimit ?? openF1RateLimit;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const notFoundTtlMs = options.noResultsTtlMs ?? 60 * 60_000;

  function urlFor<E extends OpenF1Endpoint>(endpoint: E, filters: OpenF1Filters<E> = {}): string {
    const query = toQueryString(filters as Record<string, unknown>);
    return `${baseUrl}/${endpoint}${query ? `?${query}` : ""}`;
  }

  async function get<E extends OpenF1Endpoint>(
    endpoint: E,
    filters?: OpenF1Filters<E>,
    request: RequestOptions = {},
  ): Promise<Rows<E>> {
    const url = urlFor(endpoint, filters);
    let body: unknown;
    try {
      body = await http.getJson<unknown>(url, {rateLimit, notFoundTtlMs, ...request});
    } catch (error) {
      if (isNoResults(error)) return [];
      throw error;
    }
    if (!Array.isArray(body)) {
      throw new HttpError(
        url,
        200,
        `${url} answered ${JSON.stringify(body).slice(0, 200)} where OpenF1 sends a JSON array. ` +
          `Check the base URL (${baseUrl}) points at OpenF1's /v1.`,
        {kind: "malformed"},
      );
    }
    return body as Rows<E>;
  }

  async function getInWindows<E extends WindowedEndpoint>(
    endpoint: E,
    filters: Omit<OpenF1Filters<E>, "date">,
    range: WindowedRange,
    request?: RequestOptions,
  ): Promise<Rows<E>> {
    const start = toEpochMs(range.start);
    const end = toEpochMs(range.end);
    const windows = splitTimeRange(start, end, range.windowMs ?? 5 * 60_000);
    const merged: Rows<E> = [];
    for (const [index, window] of windows.entries()) {
      const date = window.last
        ? {gte: new Date(window.startMs), lte: new Date(window.endMs)}
        : {gte: new Date(window.startMs), lt: new Date(window.endMs)};
      const rows = await get(endpoint, {...filters, date} as OpenF1Filters<E>, request);
      for (const row of rows) merged.push(row);
      log(
        `openf1: ${endpoint} window ${index + 1}/${windows.length} ` +
          `(${clockTime(window.startMs)}-${clockTime(window.endMs)}): ${rows.length} rows`,
      );
    }
    return merged;
  }

  function getRowsAfter<E extends OpenF1Endpoint>(
    endpoint: E,
    filters: OpenF1Filters<E>,
    after: DateInput,
    options: {field?: "date" | "date_start"; request?: RequestOptions} = {},
  ): Promise<Rows<E>> {
    const field = options.field ?? "date";
    const withAfter = {...filters, [field]: {gt: toDateFilter(after)}} as OpenF1Filters<E>;
    return get(endpoint, withAfter, {...options.request, fresh: true});
  }

  const getter =
    <E extends OpenF1Endpoint>(endpoint: E): Getter<E> =>
    (filters, request) =>
      get(endpoint, filters, request);

  return {
    baseUrl,
    urlFor,
    get,
    getInWindows,
    getRowsAfter,
    getMeetings: getter("meetings"),
    getSessions: getter("sessions"),
    getDrivers: getter("drivers"),
    getLaps: getter("laps"),
    getStints: getter("stints"),
    getPit: getter("pit"),
    getPosition: getter("position"),
    getIntervals: getter("intervals"),
    getRaceControl: getter("race_control"),
    getWeather: getter("weather"),
    getCarData: getter("car_data"),
    getLocation: getter("location"),
    getTeamRadio: getter("team_radio"),
    getSessionResult: getter("session_result"),
    getStartingGrid: getter("starting_grid"),
    getOvertakes: getter("overtakes"),
  };
}

/** OpenF1 answers a query that matches nothing with 404 {"detail": "No results found."}: an empty list. */
export function isNoResults(error: unknown): boolean {
  return (
    error instanceof HttpError &&
    error.kind === "status" &&
    error.status === 404 &&
    /no results found/i.test(error.body ?? "")
  );
}

function toEpochMs(value: DateInput): number {
  const ms = typeof value === "number" ? value : value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms))
    throw new Error(`Cannot read ${JSON.stringify(value)} as a date: want an ISO 8601 string.`);
  return ms;
}

function clockTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}
