import type {OpenF1Endpoint, OpenF1Rows} from "./types.js";

/** A comparison on a number or date field: OpenF1's `>`, `>=`, `<`, `<=`. */
export interface Range<V> {
  gt?: V;
  gte?: V;
  lt?: V;
  lte?: V;
}

/** A date as a Date, epoch ms, or an ISO string (sent verbatim, so an API date string round-trips exactly). */
export type DateInput = Date | number | string;

/** Dates in filters are Dates or ISO strings; epoch ms become a Date here (a bare number would not read as a date). */
export function toDateFilter(value: DateInput): Date | string {
  return typeof value === "number" ? new Date(value) : value;
}

type FieldFilter<V> = V extends boolean
  ? boolean
  : V extends number
    ? number | Range<number>
    : V extends string
      ? string | Date | Range<string | Date>
      : never; // OpenF1 cannot filter on arrays (segments_sector_*)

type KeyFilter = number | "latest" | Range<number>;

/** Filters for one endpoint's fields: equality, or a Range. `session_key`/`meeting_key` also take "latest". */
export type Filters<Row> = {
  [K in Exclude<keyof Row, "session_key" | "meeting_key">]?: FieldFilter<NonNullable<Row[K]>>;
} & {session_key?: KeyFilter; meeting_key?: KeyFilter};

export type OpenF1Filters<E extends OpenF1Endpoint> = Filters<OpenF1Rows[E]>;

// OpenF1 reads the operator from the query string itself: "speed>=315" arrives as key "speed>" and value
// "315", and "date>2024-09-22" as a bare key. Browsers and fetch send "<" and ">" as %3C and %3E, and so do we.
const operators: ReadonlyArray<[keyof Range<unknown>, string]> = [
  ["gte", "%3E="],
  ["gt", "%3E"],
  ["lte", "%3C="],
  ["lt", "%3C"],
];

/** Encodes filters as OpenF1's query string (no leading "?"), keeping the caller's field order. */
export function toQueryString(filters: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [field, filter] of Object.entries(filters)) {
    if (filter === undefined) continue;
    if (isRange(filter)) {
      for (const [name, wire] of operators) {
        const value = filter[name];
        if (value !== undefined) parts.push(`${encode(field)}${wire}${encode(toQueryValue(value))}`);
      }
    } else {
      parts.push(`${encode(field)}=${encode(toQueryValue(filter))}`);
    }
  }
  return parts.join("&");
}

/** Formats a filter value: dates as ISO UTC with milliseconds ("Z", so no "+" needs escaping). */
export function toQueryValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  throw new Error(
    `Cannot use ${JSON.stringify(value)} as an OpenF1 filter value: want a string, number, boolean or Date.`,
  );
}

function isRange(value: unknown): value is Range<unknown> {
  return typeof value === "object" && value !== null && !(value instanceof Date);
}

function encode(text: string): string {
  // ":" is legal in a query and keeps dates readable in logs; "+" must become %2B or OpenF1 reads a space.
  return encodeURIComponent(text).replace(/%3A/gi, ":");
}
