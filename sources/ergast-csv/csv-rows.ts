import type {Problem} from "../../src/sport/problems.js";
import {parseLapTime} from "../../src/sport/lap-time.js";
import {openCsv} from "../csv/index.js";

/** A value in a row that cannot be read; the row is skipped and the message becomes a Problem. */
export class RowError extends Error {}

/** What one Ergast CSV file must hold. */
export interface CsvFileSpec {
  file: string;
  columns: readonly string[];
  /** Rows may stop after this many columns (the rest read as NULL). */
  shortRowLength?: number;
}

// Ergast writes SQL NULL as the two characters \N, quoted or not.
const NULL = "\\N";
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_OF_DAY = /^\d{2}:\d{2}:\d{2}$/;
const INTEGER = /^-?\d+$/;

/** Typed access to the named columns of the current record of an Ergast CSV file. */
export class ErgastRecord {
  fields: string[] = [];

  constructor(private readonly columnIndex: ReadonlyMap<string, number>) {}

  /** The field's text, or null for \N and for columns a short row does not have. */
  text(column: string): string | null {
    const value = this.fields[this.columnIndex.get(column) ?? -1];
    return value === undefined || value === NULL ? null : value;
  }

  requiredText(column: string): string {
    const value = this.text(column);
    if (value === null || value === "") throw new RowError(`${column} is empty`);
    return value;
  }

  int(column: string): number | null {
    const value = this.text(column);
    if (value === null || value === "") return null;
    if (!INTEGER.test(value)) throw new RowError(`${column} "${value}" is not an integer`);
    return Number(value);
  }

  requiredInt(column: string): number {
    const value = this.int(column);
    if (value === null) throw new RowError(`${column} is empty`);
    return value;
  }

  number(column: string): number | null {
    const value = this.text(column);
    if (value === null || value === "") return null;
    const number = Number(value);
    if (!Number.isFinite(number)) throw new RowError(`${column} "${value}" is not a number`);
    return number;
  }

  date(column: string): string | null {
    const value = this.text(column);
    if (value === null || value === "") return null;
    if (!DATE.test(value)) throw new RowError(`${column} "${value}" is not a YYYY-MM-DD date`);
    return value;
  }

  /** Epoch ms of a UTC date column plus a time-of-day column; null when either is missing. */
  utc(dateColumn: string, timeColumn: string): number | null {
    const date = this.date(dateColumn);
    const time = this.text(timeColumn);
    if (date === null || time === null || time === "") return null;
    if (!TIME_OF_DAY.test(time)) throw new RowError(`${timeColumn} "${time}" is not HH:MM:SS`);
    return Date.parse(`${date}T${time}Z`);
  }

  /** Seconds from a lap time such as 1:26.572. */
  lapTime(column: string): number | null {
    const value = this.text(column);
    if (value === null || value === "") return null;
    const seconds = parseLapTime(value);
    if (seconds === null) throw new RowError(`${column} "${value}" is not a lap time`);
    return seconds;
  }
}

/**
 * Converts every record of an Ergast CSV file with `toRow`. Records with the wrong number of fields, or
 * whose values `toRow` rejects with a RowError, are skipped and added to `problems` with file and line.
 * Throws when the header lacks a column the spec needs: then the file is not the Ergast dump we expect.
 */
export function readRows<T>(
  path: string,
  text: string,
  spec: CsvFileSpec,
  toRow: (record: ErgastRecord) => T,
  problems: Problem[],
): T[] {
  const csv = openCsv(text, path);
  const missing = spec.columns.filter((column) => !csv.header.includes(column));
  if (missing.length > 0) {
    throw new Error(
      `${path} has no column ${missing.join(", ")} (header: ${csv.header.join(",") || "empty"}). ` +
        `Replace it with ${spec.file} from the Ergast CSV dump.`,
    );
  }
  const record = new ErgastRecord(new Map(csv.header.map((column, index) => [column, index])));
  const rows: T[] = [];
  // Problems are gathered in line order: the parser's (unreadable records) merged with the converter's.
  const skipped: Problem[] = [];
  for (let next = csv.next(); next; next = csv.next()) {
    const {line, fields} = next;
    if (fields.length !== csv.header.length && fields.length !== spec.shortRowLength) {
      skipped.push({
        source: path,
        line,
        message: `${fields.length} fields where the header has ${csv.header.length}`,
      });
      continue;
    }
    record.fields = fields;
    try {
      rows.push(toRow(record));
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      skipped.push({source: path, line, message: error.message});
    }
  }
  problems.push(...[...csv.problems, ...skipped].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return rows;
}
