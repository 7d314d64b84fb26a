import {
  BOOLEAN,
  DOUBLE,
  DuckDBInstance,
  DuckDBTableFunction,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBType,
} from "@duckdb/node-api";
import bindings from "@duckdb/node-bindings";
import {randomBytes} from "node:crypto";
import {mkdir, open, rename, rm} from "node:fs/promises";
import {dirname} from "node:path";
import type {ColumnType, TableSpec} from "../src/sport/schema.js";

// A table is handed to DuckDB by a table function that fills each 2048-row chunk a column at a time, and
// DuckDB's COPY reads it straight into Parquet: no staging table, no appender. Numbers travel as doubles
// (NaN standing for null, cast back in the final SELECT), copied into DuckDB's vectors in bulk: one call per
// column and chunk instead of one per value, which decides the time for telemetry (~350 000 samples a table).
// Timestamps travel as epoch-ms doubles and dates as text, converted inside DuckDB, because building a DuckDB
// timestamp value per row in JavaScript costs more than the whole write.

const CHUNK_ROWS = 2048;

type Row = Readonly<Record<string, unknown>>;

/**
 * A table held as columns (e.g. typed arrays straight from a decoder) instead of row objects. NaN in a numeric
 * column means null; `constants` fills columns that hold one value for every row, such as session_key.
 */
export interface ColumnarTable {
  length: number;
  columns: Readonly<Record<string, ArrayLike<unknown>>>;
  constants?: Readonly<Record<string, unknown>>;
}

/** Rows of a table, as row objects or as columns. */
export type TableData = readonly Row[] | ColumnarTable;

/** Number of rows in table data. */
export function rowCount(data: TableData): number {
  return data.length;
}

function isColumnar(data: TableData): data is ColumnarTable {
  return !Array.isArray(data);
}

/** How one column travels into DuckDB: its staging type, how a chunk of it is filled, how it is cast back. */
interface ColumnPlan {
  stagingType: DuckDBType;
  fill(chunk: DuckDBDataChunk, columnIndex: number, start: number, end: number): void;
  select: string;
}

const stagingTypes: Record<ColumnType, DuckDBType> = {
  INTEGER: DOUBLE,
  BIGINT: DOUBLE,
  DOUBLE,
  VARCHAR,
  BOOLEAN,
  TIMESTAMP: DOUBLE,
  DATE: VARCHAR,
};

function planColumn(table: TableSpec, data: TableData, name: string): ColumnPlan {
  const type = table.columns[name]!.type;
  const column = quoteIdentifier(name);
  const nanAsNull = `NULLIF(${column}, 'NaN'::DOUBLE)`;
  /** A column staged as doubles (NaN for null), filled a chunk at a time from `slice`. */
  const doubles = (
    slice: (start: number, end: number) => Float64Array,
    select = `${castTo(type, nanAsNull)} AS ${column}`,
  ): ColumnPlan => ({
    stagingType: DOUBLE,
    fill: (chunk, index, start, end) => fillDoubles(chunk, index, slice(start, end)),
    select,
  });
  const typed = isColumnar(data) ? data.columns[name] : undefined;
  if (typed instanceof Float64Array && stagingTypes[type] === DOUBLE)
    return doubles((start, end) => typed.subarray(start, end));
  if (isColumnar(data) && data.constants && name in data.constants) {
    const constant = stagedValue(data.constants[name], type, name, table.name);
    // A constant needs no staging at all: it becomes a literal of the final SELECT.
    return {
      stagingType: BOOLEAN,
      fill: () => {},
      select: `${castTo(type, toSqlLiteral(constant, stagingTypes[type]))} AS ${column}`,
    };
  }
  if (Array.isArray(typed) && type === "VARCHAR") {
    const coded = dictionaryEncode(typed as readonly unknown[]);
    if (coded) {
      // A text column with few distinct values (a car's OnTrack/OffTrack status on 350 000 samples) travels as
      // numeric codes, decoded by a list lookup in the final SELECT.
      const words = `[${coded.words.map((word) => quoteLiteral(word)).join(", ")}]`;
      return doubles(
        (start, end) => coded.codes.subarray(start, end),
        `CAST(${words} AS VARCHAR[])[CAST(${nanAsNull} AS INTEGER)] AS ${column}`,
      );
    }
  }
  const read = valueReader(data, name);
  if (stagingTypes[type] === DOUBLE) {
    return doubles((start, end) => {
      const values = new Float64Array(end - start);
      for (let i = start; i < end; i++) {
        const staged = stagedValue(read(i), type, name, table.name);
        values[i - start] = staged === null ? NaN : (staged as number);
      }
      return values;
    });
  }
  return {
    stagingType: stagingTypes[type],
    fill: (chunk, index, start, end) => {
      const values = new Array<number | string | boolean | null>(end - start);
      for (let i = start; i < end; i++) values[i - start] = stagedValue(read(i), type, name, table.name);
      chunk.setColumnValues(index, values);
    },
    select: `${castTo(type, column)} AS ${column}`,
  };
}

/** Copies a Float64Array into a chunk's DOUBLE column with one native call. */
function fillDoubles(chunk: DuckDBDataChunk, index: number, values: Float64Array): void {
  const vector = bindings.data_chunk_get_vector(chunk.chunk, index);
  bindings.copy_data_to_vector(vector, 0, values.buffer as ArrayBuffer, values.byteOffset, values.byteLength);
}

const MAX_DICTIONARY_WORDS = 64;

/** 1-based codes of a string column with few distinct values (NaN for null), or null when it has many. */
function dictionaryEncode(values: readonly unknown[]): {words: string[]; codes: Float64Array} | null {
  const index = new Map<string, number>();
  const codes = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value == null) {
      codes[i] = NaN;
      continue;
    }
    if (typeof value !== "string") return null;
    let code = index.get(value);
    if (code === undefined) {
      if (index.size === MAX_DICTIONARY_WORDS) return null;
      code = index.size + 1;
      index.set(value, code);
    }
    codes[i] = code;
  }
  return {words: [...index.keys()], codes};
}

/** Reads row i of one column, from row objects, a column array or a constant. */
function valueReader(data: TableData, name: string): (index: number) => unknown {
  if (!isColumnar(data)) return (index) => data[index]![name];
  const column = data.columns[name];
  if (!column) return () => null;
  return (index) => {
    const value = column[index];
    return typeof value === "number" && Number.isNaN(value) ? null : value;
  };
}

/** SQL turning a staged value back into its declared type. */
function castTo(type: ColumnType, value: string): string {
  switch (type) {
    case "TIMESTAMP":
      return `epoch_ms(CAST(${value} AS BIGINT))`;
    case "DATE":
      return `CAST(${value} AS DATE)`;
    case "BIGINT":
    case "INTEGER":
      return `CAST(${value} AS ${type})`;
    default:
      return value;
  }
}

let shared: Promise<DuckDBInstance> | null = null;

/**
 * A connection to the process's one in-memory DuckDB, used only as a Parquet encoder. Each write gets its own
 * connection, so writes of several tables can run their COPY at the same time on DuckDB's threads.
 */
async function connection(): Promise<DuckDBConnection> {
  shared ??= DuckDBInstance.create(":memory:");
  return (await shared).connect();
}

/**
 * Writes rows to a Parquet file atomically: into a temporary file beside the target, flushed to disk, then
 * renamed over it. A crash at any point leaves either the old file or none, never a partial one.
 */
export async function writeParquet(table: TableSpec, rows: TableData, path: string): Promise<void> {
  await mkdir(dirname(path), {recursive: true});
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await encodeParquet(table, rows, temp);
    const handle = await open(temp, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, {force: true});
    throw error;
  }
}

async function encodeParquet(table: TableSpec, data: TableData, target: string): Promise<void> {
  const db = await connection();
  const names = Object.keys(table.columns);
  const plans = names.map((name) => planColumn(table, data, name));
  const total = rowCount(data);
  const functionName = `rows_${randomBytes(6).toString("hex")}`;
  let next = 0;
  let failure: Error | null = null;
  const rows = DuckDBTableFunction.create({
    name: functionName,
    bindFunction: (info) => {
      names.forEach((name, i) => info.addResultColumn(name, plans[i]!.stagingType));
      info.setCardinality(total, true);
    },
    initFunction: () => {},
    mainFunction: (info, chunk) => {
      const start = next;
      const end = Math.min(total, start + CHUNK_ROWS);
      next = end;
      chunk.rowCount = end - start;
      if (end === start) return;
      try {
        plans.forEach((plan, columnIndex) => plan.fill(chunk, columnIndex, start, end));
      } catch (error) {
        failure = error as Error;
        info.setError(failure.message);
      }
    },
  });
  db.registerTableFunction(rows);
  try {
    const select = plans.map((plan) => plan.select).join(", ");
    await db.run(
      `COPY (SELECT ${select} FROM ${functionName}()) TO ${quoteLiteral(target)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  } catch (error) {
    throw failure ?? error;
  } finally {
    db.closeSync();
  }
}

function stagedValue(
  value: unknown,
  type: ColumnType,
  column: string,
  table: string,
): number | string | boolean | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "INTEGER":
    case "BIGINT":
    case "DOUBLE":
    case "TIMESTAMP":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      break;
    case "VARCHAR":
    case "DATE":
      if (typeof value === "string") return value;
      break;
    case "BOOLEAN":
      if (typeof value === "boolean") return value;
      break;
  }
  throw new TypeError(`${table}.${column} expects ${type}, got ${JSON.stringify(value)}`);
}

function toSqlLiteral(value: number | string | boolean | null, type: DuckDBType): string {
  if (value === null) return `CAST(NULL AS ${type})`;
  if (typeof value === "string") return quoteLiteral(value);
  return String(value);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
