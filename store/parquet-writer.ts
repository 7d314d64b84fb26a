import {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBInstance,
  INTEGER,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
} from "@duckdb/node-api";
import {randomBytes} from "node:crypto";
import {mkdir, open, rename, rm} from "node:fs/promises";
import {dirname} from "node:path";
import type {ColumnType, TableSpec} from "../src/sport/schema.js";

// Rows are staged in an in-memory DuckDB table through data chunks (column at a time, no per-value calls),
// then COPY'd to Parquet. Timestamps travel as epoch-ms doubles and dates as text, converted inside DuckDB,
// because building a DuckDB timestamp value per row in JavaScript costs more than the whole write.

const stagingTypes: Record<ColumnType, DuckDBType> = {
  INTEGER,
  BIGINT: DOUBLE,
  DOUBLE,
  VARCHAR,
  BOOLEAN,
  TIMESTAMP: DOUBLE,
  DATE: VARCHAR,
};

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
  return isColumnar(data) ? data.length : data.length;
}

function isColumnar(data: TableData): data is ColumnarTable {
  return !Array.isArray(data);
}

/** Values of one column for rows [start, end), as the writer stages them. */
function sliceColumn(data: TableData, name: string, start: number, end: number): unknown[] {
  if (!isColumnar(data)) return data.slice(start, end).map((row) => row[name]);
  if (data.constants && name in data.constants) return new Array(end - start).fill(data.constants[name]);
  const column = data.columns[name];
  if (!column) return new Array(end - start).fill(null);
  const values = new Array<unknown>(end - start);
  for (let i = start; i < end; i++) {
    const value = column[i];
    values[i - start] = typeof value === "number" && Number.isNaN(value) ? null : value;
  }
  return values;
}

let shared: Promise<DuckDBConnection> | null = null;

/** One in-memory DuckDB per process, used only as a Parquet encoder. */
function connection(): Promise<DuckDBConnection> {
  shared ??= DuckDBInstance.create(":memory:").then((instance) => instance.connect());
  return shared;
}

/** SQL expression turning a staged column back into its declared type. */
function finalExpression(name: string, type: ColumnType): string {
  const column = quoteIdentifier(name);
  switch (type) {
    case "TIMESTAMP":
      return `epoch_ms(CAST(${column} AS BIGINT)) AS ${column}`;
    case "DATE":
      return `CAST(${column} AS DATE) AS ${column}`;
    case "BIGINT":
      return `CAST(${column} AS BIGINT) AS ${column}`;
    default:
      return column;
  }
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
  const specs = Object.values(table.columns);
  const staging = `staging_${randomBytes(6).toString("hex")}`;
  const columnsSql = names
    .map((name, i) => `${quoteIdentifier(name)} ${stagingTypes[specs[i]!.type]}`)
    .join(", ");
  await db.run(`CREATE TEMP TABLE ${staging} (${columnsSql})`);
  try {
    const appender = await db.createAppender(staging);
    const types = specs.map((spec) => stagingTypes[spec.type]);
    const total = rowCount(data);
    for (let start = 0; start < total; start += CHUNK_ROWS) {
      const end = Math.min(total, start + CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(types, end - start);
      names.forEach((name, columnIndex) => {
        const type = specs[columnIndex]!.type;
        const values = sliceColumn(data, name, start, end);
        chunk.setColumnValues(
          columnIndex,
          values.map((value) => stagedValue(value, type, name, table.name)),
        );
      });
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    const select = names.map((name, i) => finalExpression(name, specs[i]!.type)).join(", ");
    await db.run(
      `COPY (SELECT ${select} FROM ${staging}) TO ${quoteLiteral(target)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${staging}`);
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

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
