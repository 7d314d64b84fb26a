import {Buffer} from "node:buffer";
import type {Problem} from "../../src/sport/problems.js";
import type {CarDataRow, CarPositionRow} from "../../src/sport/session-tables.js";
import {parseUtc} from "../../src/sport/units.js";
import {inflatePayload} from "./compressed.js";
import {asObject, listItems} from "./merge.js";
import type {RawLine} from "./stream.js";
import {parseUtcBytes} from "./utc-bytes.js";

// CarData.z and Position.z are the two big topics: ~350 000 samples each for a qualifying session. They are
// decoded straight into typed columns: JSON.parse of the ~40 MB they inflate to, and one object per sample,
// cost several times more than reading the few fields from the bytes. The byte reader only accepts the exact
// layout the feed sends; any other payload goes through JSON.parse instead, so an odd line is slower, not lost.

/** car_data as columns, one Float64Array per column (NaN where the feed gave no value), in stream order. */
export interface CarDataColumns {
  length: number;
  date: Float64Array;
  driver_number: Float64Array;
  rpm: Float64Array;
  speed_kph: Float64Array;
  n_gear: Float64Array;
  throttle_pct: Float64Array;
  brake: Float64Array;
  drs: Float64Array;
}

/** car_positions as columns (NaN / null where the feed gave no value), in stream order. */
export interface CarPositionColumns {
  length: number;
  date: Float64Array;
  driver_number: Float64Array;
  status: (string | null)[];
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

/** Decodes CarData.z lines (channels 0 RPM, 2 speed, 3 gear, 4 throttle, 5 brake, 45 DRS); each entry's Utc is its date. */
export function decodeCarData(
  lines: readonly RawLine[],
  source: string,
  problems: Problem[],
): CarDataColumns {
  const columns = new CarDataBuilder(lines.length * 80);
  return decodeLines(lines, source, problems, columns, scanCarData, addCarDataFromJson).finish();
}

/** Decodes Position.z lines; each entry's `Timestamp` is its date. */
export function decodePositions(
  lines: readonly RawLine[],
  source: string,
  problems: Problem[],
): CarPositionColumns {
  const columns = new PositionBuilder(lines.length * 80);
  return decodeLines(lines, source, problems, columns, scanPositions, addPositionsFromJson).finish();
}

function decodeLines<B extends NumberColumns>(
  lines: readonly RawLine[],
  source: string,
  problems: Problem[],
  columns: B,
  scan: (bytes: Uint8Array, columns: B) => boolean,
  fallback: (bytes: Buffer, columns: B, source: string, line: number, problems: Problem[]) => void,
): B {
  for (const line of lines) {
    const bytes = inflateLine(line, source, problems);
    if (!bytes) continue;
    const before = columns.length;
    if (!scan(bytes, columns)) {
      columns.truncate(before);
      fallback(bytes, columns, source, line.line, problems);
    }
  }
  return columns;
}

/** Rows of car_data from its columns. */
export function toCarDataRows(columns: CarDataColumns, sessionKey: number): CarDataRow[] {
  const rows: CarDataRow[] = new Array(columns.length);
  const {date, driver_number, rpm, speed_kph, n_gear, throttle_pct, brake, drs} = columns;
  for (let i = 0; i < columns.length; i++) {
    rows[i] = {
      session_key: sessionKey,
      date: date[i]!,
      driver_number: driver_number[i]!,
      rpm: orNull(rpm[i]!),
      speed_kph: orNull(speed_kph[i]!),
      n_gear: orNull(n_gear[i]!),
      throttle_pct: orNull(throttle_pct[i]!),
      brake: orNull(brake[i]!),
      drs: orNull(drs[i]!),
    };
  }
  return rows;
}

/** Rows of car_positions from its columns. */
export function toCarPositionRows(columns: CarPositionColumns, sessionKey: number): CarPositionRow[] {
  const rows: CarPositionRow[] = new Array(columns.length);
  const {date, driver_number, status, x, y, z} = columns;
  for (let i = 0; i < columns.length; i++) {
    rows[i] = {
      session_key: sessionKey,
      date: date[i]!,
      driver_number: driver_number[i]!,
      status: status[i] ?? null,
      x: orNull(x[i]!),
      y: orNull(y[i]!),
      z: orNull(z[i]!),
    };
  }
  return rows;
}

function orNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

function inflateLine(line: RawLine, source: string, problems: Problem[]): Buffer | null {
  try {
    return inflatePayload(line.payload);
  } catch (error) {
    problems.push({source, line: line.line, message: `${(error as Error).message}; line skipped`});
    return null;
  }
}

/** Float64Array columns that grow as rows are added. */
class NumberColumns {
  length = 0;
  readonly data: Float64Array[];

  constructor(
    count: number,
    private capacity: number,
  ) {
    this.capacity = Math.max(capacity, 64);
    this.data = Array.from({length: count}, () => new Float64Array(this.capacity));
  }

  /** Index of a new row. */
  next(): number {
    if (this.length === this.capacity) {
      this.capacity *= 2;
      for (let k = 0; k < this.data.length; k++) {
        const grown = new Float64Array(this.capacity);
        grown.set(this.data[k]!);
        this.data[k] = grown;
      }
    }
    return this.length++;
  }

  column(k: number): Float64Array {
    return this.data[k]!.subarray(0, this.length);
  }

  /** Drops rows from `length` on (a payload that the byte reader gave up on halfway). */
  truncate(length: number): void {
    this.length = length;
  }
}

/** car_data columns in order: date, car, then the six channels in `channelSlot` order. */
class CarDataBuilder extends NumberColumns {
  constructor(capacity: number) {
    super(8, capacity);
  }

  /** Adds a sample with no channel values yet; returns its row. */
  row(date: number, car: number): number {
    const i = this.next();
    const data = this.data;
    data[0]![i] = date;
    data[1]![i] = car;
    for (let k = 2; k < 8; k++) data[k]![i] = NaN;
    return i;
  }

  /** Sets a channel (its `channelSlot`) of a row. */
  channel(row: number, slot: number, value: number): void {
    this.data[slot + 2]![row] = value;
  }

  finish(): CarDataColumns {
    return {
      length: this.length,
      date: this.column(0),
      driver_number: this.column(1),
      rpm: this.column(2),
      speed_kph: this.column(3),
      n_gear: this.column(4),
      throttle_pct: this.column(5),
      brake: this.column(6),
      drs: this.column(7),
    };
  }
}

/** car_positions columns: date, car, x, y, z, plus the status strings. */
class PositionBuilder extends NumberColumns {
  readonly status: (string | null)[] = [];

  constructor(capacity: number) {
    super(5, capacity);
  }

  add(date: number, car: number, status: string | null, x: number, y: number, z: number): void {
    const i = this.next();
    const data = this.data;
    data[0]![i] = date;
    data[1]![i] = car;
    data[2]![i] = x;
    data[3]![i] = y;
    data[4]![i] = z;
    this.status[i] = status;
  }

  override truncate(length: number): void {
    super.truncate(length);
    this.status.length = length;
  }

  finish(): CarPositionColumns {
    return {
      length: this.length,
      date: this.column(0),
      driver_number: this.column(1),
      status: this.status,
      x: this.column(2),
      y: this.column(3),
      z: this.column(4),
    };
  }
}

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;
/** Column slot of a CarData channel (RPM, speed, gear, throttle, brake, DRS), or -1 for channels we do not keep. */
function channelSlot(channel: number): number {
  switch (channel) {
    case 0:
      return 0;
    case 2:
      return 1;
    case 3:
      return 2;
    case 4:
      return 3;
    case 5:
      return 4;
    case 45:
      return 5;
    default:
      return -1;
  }
}

/** Matches `text` at `at`; returns the position after it, or -1. */
function literal(bytes: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return -1;
  return at + text.length;
}

// The scanners below keep their position in `cursor` and an integer result in `scanned` so the hot loop
// allocates nothing; every helper returns -1 when the bytes differ from the expected layout.
let scanned = 0;

function unsignedAt(bytes: Uint8Array, at: number): number {
  let value = 0;
  let pos = at;
  for (let c = bytes[pos]!; c >= 48 && c <= 57; c = bytes[++pos]!) value = value * 10 + c - 48;
  if (pos === at) return -1;
  scanned = value;
  return pos;
}

function integerAt(bytes: Uint8Array, at: number): number {
  const negative = bytes[at] === 45;
  const pos = unsignedAt(bytes, negative ? at + 1 : at);
  if (pos < 0) return -1;
  const next = bytes[pos];
  if (next === 46 || next === 101 || next === 69) return -1; // fraction or exponent
  if (negative) scanned = -scanned;
  return pos;
}

function stringEnd(bytes: Uint8Array, at: number): number {
  let pos = at;
  while (pos < bytes.length && bytes[pos] !== QUOTE) {
    if (bytes[pos] === 92) return -1; // escapes never occur in these payloads
    pos++;
  }
  return pos < bytes.length ? pos : -1;
}

/**
 * Walks `{"<list>":[{"<stamp>":"<utc>","<cars>":{"<car>":{…},…}},…]}`: CarData.z is Entries/Utc/Cars and
 * Position.z is Position/Timestamp/Entries; each car's object is read by `readChannels` or `readPosition`,
 * which return the position after it, or -1. Returns false when the bytes are laid out any other way.
 */
function scanTimestamped(bytes: Uint8Array, keys: {list: string; stamp: string; cars: string}): boolean {
  let pos = literal(bytes, 0, `{"${keys.list}":[`);
  if (pos < 0) return false;
  if (bytes[pos] === CLOSE_BRACKET) return bytes[pos + 1] === CLOSE_BRACE && pos + 2 === bytes.length;
  const entryHead = `{"${keys.stamp}":"`;
  const carsHead = `","${keys.cars}":{`;
  for (;;) {
    pos = literal(bytes, pos, entryHead);
    if (pos < 0) return false;
    const stampEnd = stringEnd(bytes, pos);
    if (stampEnd < 0) return false;
    const date = parseUtcBytes(bytes, pos, stampEnd);
    if (Number.isNaN(date)) return false;
    pos = literal(bytes, stampEnd, carsHead);
    if (pos < 0) return false;
    if (bytes[pos] !== CLOSE_BRACE) {
      for (;;) {
        if (bytes[pos] !== QUOTE) return false;
        pos = unsignedAt(bytes, pos + 1);
        if (pos < 0 || bytes[pos] !== QUOTE || bytes[pos + 1] !== COLON) return false;
        // A direct call per kind (not a callback) lets the compiler inline the reader into this loop.
        pos =
          keys === CAR_DATA_KEYS
            ? readChannels(bytes, pos + 2, date, scanned)
            : readPosition(bytes, pos + 2, date, scanned);
        if (pos < 0) return false;
        if (bytes[pos] === COMMA) pos++;
        else break;
      }
    }
    if (bytes[pos] !== CLOSE_BRACE || bytes[pos + 1] !== CLOSE_BRACE) return false;
    pos += 2;
    if (bytes[pos] === COMMA) pos++;
    else break;
  }
  return bytes[pos] === CLOSE_BRACKET && bytes[pos + 1] === CLOSE_BRACE && pos + 2 === bytes.length;
}

const CAR_DATA_KEYS = {list: "Entries", stamp: "Utc", cars: "Cars"};
const POSITION_KEYS = {list: "Position", stamp: "Timestamp", cars: "Entries"};

function scanCarData(bytes: Uint8Array, columns: CarDataBuilder): boolean {
  carDataTarget = columns;
  return scanTimestamped(bytes, CAR_DATA_KEYS);
}

function scanPositions(bytes: Uint8Array, columns: PositionBuilder): boolean {
  positionTarget = columns;
  return scanTimestamped(bytes, POSITION_KEYS);
}

// The column builders the two readers below write to (module state, so the readers need no closures).
let carDataTarget: CarDataBuilder | null = null;
let positionTarget: PositionBuilder | null = null;

/** {"Channels":{"0":0,"2":0,…}} */
function readChannels(bytes: Uint8Array, at: number, date: number, car: number): number {
  let pos = literal(bytes, at, '{"Channels":{');
  if (pos < 0) return -1;
  const columns = carDataTarget!;
  const row = columns.row(date, car);
  if (bytes[pos] !== CLOSE_BRACE) {
    for (;;) {
      if (bytes[pos] !== QUOTE) return -1;
      pos = unsignedAt(bytes, pos + 1);
      if (pos < 0 || bytes[pos] !== QUOTE || bytes[pos + 1] !== COLON) return -1;
      const slot = channelSlot(scanned);
      pos = integerAt(bytes, pos + 2);
      if (pos < 0) return -1;
      if (slot >= 0) columns.channel(row, slot, scanned);
      if (bytes[pos] === COMMA) pos++;
      else break;
    }
  }
  if (bytes[pos] !== CLOSE_BRACE || bytes[pos + 1] !== CLOSE_BRACE) return -1;
  return pos + 2;
}

/** {"Status":"OnTrack","X":0,"Y":0,"Z":0} */
function readPosition(bytes: Uint8Array, at: number, date: number, car: number): number {
  let pos = literal(bytes, at, '{"Status":"');
  if (pos < 0) return -1;
  const statusEnd = stringEnd(bytes, pos);
  if (statusEnd < 0) return -1;
  const status = statusText(bytes, pos, statusEnd);
  pos = literal(bytes, statusEnd, '","X":');
  if (pos < 0 || (pos = integerAt(bytes, pos)) < 0) return -1;
  const x = scanned;
  pos = literal(bytes, pos, ',"Y":');
  if (pos < 0 || (pos = integerAt(bytes, pos)) < 0) return -1;
  const y = scanned;
  pos = literal(bytes, pos, ',"Z":');
  if (pos < 0 || (pos = integerAt(bytes, pos)) < 0) return -1;
  if (bytes[pos] !== CLOSE_BRACE) return -1;
  positionTarget!.add(date, car, status, x, y, scanned);
  return pos + 1;
}

// Two statuses repeat on every sample; returning shared strings avoids allocating a copy per sample.
function statusText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start === 7 && literal(bytes, start, "OnTrack") === end) return "OnTrack";
  if (end - start === 8 && literal(bytes, start, "OffTrack") === end) return "OffTrack";
  return Buffer.from(bytes.subarray(start, end)).toString("utf8");
}

function parseInflated(
  bytes: Buffer,
  source: string,
  line: number,
  problems: Problem[],
): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(bytes.toString("utf8")));
  } catch (error) {
    problems.push({
      source,
      line,
      message: `inflated payload is not valid JSON (${(error as Error).message}); line skipped`,
    });
    return undefined;
  }
}

function carNumber(key: string): number {
  return /^\d+$/.test(key) ? Number(key) : NaN;
}

function numberOrNaN(value: unknown): number {
  return typeof value === "number" ? value : NaN;
}

/** JSON.parse path: calls `add` for every car sample of every entry, with the entry's date. */
function forEachSample(
  bytes: Buffer,
  keys: {list: string; stamp: string; cars: string},
  source: string,
  line: number,
  problems: Problem[],
  add: (date: number, car: number, sample: Record<string, unknown>) => void,
): void {
  const document = parseInflated(bytes, source, line, problems);
  if (!document) return;
  for (const entry of listItems<Record<string, unknown>>(document[keys.list])) {
    const stamp = entry[keys.stamp] ?? entry.Utc;
    const date = parseUtc(typeof stamp === "string" ? stamp : null);
    if (date == null) {
      problems.push({source, line, message: `entry without a valid ${keys.stamp}; entry skipped`});
      continue;
    }
    for (const [key, value] of Object.entries(asObject(entry[keys.cars]) ?? {})) {
      const car = carNumber(key);
      if (!Number.isNaN(car)) add(date, car, asObject(value) ?? {});
    }
  }
}

function addCarDataFromJson(
  bytes: Buffer,
  columns: CarDataBuilder,
  source: string,
  line: number,
  problems: Problem[],
): void {
  forEachSample(bytes, CAR_DATA_KEYS, source, line, problems, (date, car, sample) => {
    const row = columns.row(date, car);
    for (const [channel, number] of Object.entries(asObject(sample.Channels) ?? {})) {
      const slot = channelSlot(carNumber(channel));
      if (slot >= 0) columns.channel(row, slot, numberOrNaN(number));
    }
  });
}

function addPositionsFromJson(
  bytes: Buffer,
  columns: PositionBuilder,
  source: string,
  line: number,
  problems: Problem[],
): void {
  forEachSample(bytes, POSITION_KEYS, source, line, problems, (date, car, sample) => {
    const status = typeof sample.Status === "string" ? sample.Status : null;
    columns.add(date, car, status, numberOrNaN(sample.X), numberOrNaN(sample.Y), numberOrNaN(sample.Z));
  });
}
