import type {Buffer} from "node:buffer";
import type {Problem} from "../../src/sport/problems.js";
import type {CarDataRow, CarPositionRow} from "../../src/sport/session-tables.js";
import {parseUtc} from "../../src/sport/units.js";
import {inflatePayload} from "./compressed.js";
import {asObject, listItems} from "./merge.js";
import type {RawLine} from "./stream.js";
import {channelSlot, scanCarDataBytes, scanPositionBytes} from "./telemetry-bytes.js";

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
  return decodeLines(lines, source, problems, columns, scanCarDataBytes, addCarDataFromJson).finish();
}

/** Decodes Position.z lines; each entry's `Timestamp` is its date. */
export function decodePositions(
  lines: readonly RawLine[],
  source: string,
  problems: Problem[],
): CarPositionColumns {
  const columns = new PositionBuilder(lines.length * 80);
  return decodeLines(lines, source, problems, columns, scanPositionBytes, addPositionsFromJson).finish();
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
export class NumberColumns {
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
export class CarDataBuilder extends NumberColumns {
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
export class PositionBuilder extends NumberColumns {
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
  forEachSample(
    bytes,
    {list: "Entries", stamp: "Utc", cars: "Cars"},
    source,
    line,
    problems,
    (date, car, sample) => {
      const row = columns.row(date, car);
      for (const [channel, number] of Object.entries(asObject(sample.Channels) ?? {})) {
        const slot = channelSlot(carNumber(channel));
        if (slot >= 0) columns.channel(row, slot, numberOrNaN(number));
      }
    },
  );
}

function addPositionsFromJson(
  bytes: Buffer,
  columns: PositionBuilder,
  source: string,
  line: number,
  problems: Problem[],
): void {
  forEachSample(
    bytes,
    {list: "Position", stamp: "Timestamp", cars: "Entries"},
    source,
    line,
    problems,
    (date, car, sample) => {
      const status = typeof sample.Status === "string" ? sample.Status : null;
      columns.add(date, car, status, numberOrNaN(sample.X), numberOrNaN(sample.Y), numberOrNaN(sample.Z));
    },
  );
}
