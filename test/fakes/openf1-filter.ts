// OpenF1's query semantics, re-implemented from its documentation and behaviour for the fake server:
// - the query string is read like Starlette does: "&"-separated, split at the first "=", "+" is a space,
//   percent-decoded, and a repeated key keeps its last value;
// - each pair becomes a filter string, "key=value" or the bare key when the value is empty, so "speed>=315"
//   (key "speed>", value "315") and "date>2024-09-22" (a bare key) both read as comparisons;
// - the operator is the first of >=, <=, =, >, < found in the string; values are cast to boolean, number,
//   date or string, and compare only with row values of the same kind (as in MongoDB);
// - a date without a time means the whole day: date=2024-09-22 matches that day, date>2024-09-22 starts the
//   next day, date<=2024-09-22 ends with it.

export type Operator = ">=" | "<=" | "=" | ">" | "<";

/** A date to the microsecond (OpenF1 dates carry 6 fractional digits); epoch µs fit a double exactly. */
export interface Instant {
  micros: number;
  hasTime: boolean;
}

export type FilterValue = boolean | number | string | Instant;

export interface Condition {
  field: string;
  op: Operator;
  value: FilterValue;
}

/** A query OpenF1 cannot read; the real API answers 500 with an HTML traceback. */
export class BadQueryError extends Error {}

const OPERATORS: readonly Operator[] = [">=", "<=", "=", ">", "<"];
const DAY_MICROS = 86_400_000_000;
// gmt_offset ("08:00:00") and team_colour ("3671C6") would cast to a time or a number; OpenF1 keeps them text.
const UNCAST_FIELDS = new Set(["gmt_offset", "team_colour"]);

/** Reads a raw query string (without "?") into conditions, the way OpenF1 does. */
export function parseOpenF1Query(
  search: string,
  latest: {session_key: number; meeting_key: number},
): Condition[] {
  const pairs = new Map<string, string>();
  for (const part of search.split("&")) {
    if (part === "") continue;
    const equals = part.indexOf("=");
    const key = decode(equals < 0 ? part : part.slice(0, equals));
    const value = equals < 0 ? "" : decode(part.slice(equals + 1));
    pairs.set(key, value);
  }
  const conditions: Condition[] = [];
  for (const [key, value] of pairs) {
    const text = value ? `${key}=${value}` : key;
    const op = OPERATORS.find((candidate) => text.includes(candidate));
    if (!op) throw new BadQueryError(`No valid operator found in \`${text}\`.`);
    const at = text.indexOf(op);
    const field = text.slice(0, at).toLowerCase();
    const raw = text.slice(at + op.length);
    let cast: FilterValue = UNCAST_FIELDS.has(field) ? raw : castValue(raw);
    if ((field === "session_key" || field === "meeting_key") && raw === "latest") cast = latest[field];
    conditions.push(...widenDay(field, op, cast));
  }
  return conditions;
}

/** Whether a row satisfies every condition. */
export function matchesAll(row: Record<string, unknown>, conditions: readonly Condition[]): boolean {
  return conditions.every((condition) => matches(row[condition.field], condition));
}

/** Reads an ISO-like date ("2024-09-22T12:05:37.990000+00:00", "2024-09-22", "... 12:00:00Z") as an Instant. */
export function parseInstant(text: string): Instant | null {
  const match =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(
      text.trim(),
    );
  if (!match) return null;
  const [, day, time, fraction = "", zone] = match;
  const offset = !zone || /^(z|utc)$/i.test(zone) ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(`${day}T${time ?? "00:00"}${time && time.length === 5 ? ":00" : ""}${offset}`);
  if (Number.isNaN(ms)) return null;
  const micros = ms * 1000 + Number(fraction.padEnd(6, "0").slice(0, 6));
  return {micros, hasTime: time != null};
}

function castValue(raw: string): FilterValue {
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  if (/^\s*[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?\s*$/i.test(raw)) return Number(raw);
  return parseInstant(raw) ?? raw;
}

function widenDay(field: string, op: Operator, value: FilterValue): Condition[] {
  if (!isInstant(value) || value.hasTime) return [{field, op, value}];
  const nextDay: Instant = {micros: value.micros + DAY_MICROS, hasTime: true};
  const day: Instant = {micros: value.micros, hasTime: true};
  switch (op) {
    case ">":
      return [{field, op: ">=", value: nextDay}];
    case "<":
      return [{field, op: "<", value: day}];
    case ">=":
      return [{field, op: ">=", value: day}];
    case "<=":
      return [{field, op: "<", value: nextDay}];
    case "=":
      return [
        {field, op: ">=", value: day},
        {field, op: "<", value: nextDay},
      ];
  }
}

function matches(rowValue: unknown, {op, value}: Condition): boolean {
  const pair = comparable(rowValue, value);
  if (!pair) return false;
  const [a, b] = pair;
  switch (op) {
    case "=":
      return a === b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
  }
}

/** Both sides as one comparable kind, or null when MongoDB would not compare them. */
function comparable(
  rowValue: unknown,
  value: FilterValue,
): [number | string | boolean, number | string | boolean] | null {
  if (rowValue == null) return null;
  if (isInstant(value)) {
    const row = typeof rowValue === "string" ? parseInstant(rowValue) : null;
    return row ? [row.micros, value.micros] : null;
  }
  if (typeof value === "number") return typeof rowValue === "number" ? [rowValue, value] : null;
  if (typeof value === "boolean") return typeof rowValue === "boolean" ? [rowValue, value] : null;
  return typeof rowValue === "string" ? [rowValue, value] : null;
}

function isInstant(value: FilterValue): value is Instant {
  return typeof value === "object";
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
