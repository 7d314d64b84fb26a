import {toCreateTableSql, type TableSpec} from "../sport/schema.js";

// Page glue: opens a set of canonical tables (one session, or the history) in DuckDB-WASM. Tables arrive as
// Parquet decoded by parquet-wasm into Arrow, because DuckDB-WASM runs here without its Parquet extension.
// Absent or empty tables are created empty with their declared columns, so every SQL cell runs and says
// "no rows" instead of failing on a missing table.

/** The part of Framework's FileAttachment this module uses. */
export interface ParquetAttachment {
  parquet(): Promise<unknown>;
}

/** The part of Framework's DuckDBClient this module uses. */
export interface DuckDBClientStatic<Client> {
  of(sources: Record<string, unknown>): Promise<Client>;
}

interface QueryableClient {
  query(sql: string): Promise<unknown>;
}

/** One row of a set's availability table: whether a table is present, and why not. */
export interface Availability {
  table_name: string;
  status: "present" | "absent";
  row_count: number;
  reason: string | null;
  source_topics: string | null;
}

/** Reads an availability table decoded from Parquet (an Arrow table) into plain rows. */
export function toAvailability(arrow: {toArray(): {toJSON(): Record<string, unknown>}[]}): Availability[] {
  return arrow.toArray().map((row) => {
    const value = row.toJSON();
    return {
      table_name: String(value.table_name),
      status: value.status === "present" ? "present" : "absent",
      row_count: Number(value.row_count ?? 0),
      reason: value.reason == null ? null : String(value.reason),
      source_topics: value.source_topics == null ? null : String(value.source_topics),
    };
  });
}

/** Stands in for a table without rows while DuckDB starts; replaced by the table's declared columns after. */
const PLACEHOLDER_ROWS = [{pitwall_placeholder: 0}];

/**
 * Opens the given tables in a DuckDB client: tables with rows are loaded from their Parquet attachment, the
 * others are created empty from their schema. A table missing from `rowCounts` (see toRowCounts) counts as empty.
 * DuckDB-WASM is the slowest part of opening a page (a 35 MB module compiled in its worker), so it starts at once,
 * while the availability and the tables decode: each table goes in as soon as it is ready.
 */
export async function openTableDatabase<Client extends QueryableClient>(
  DuckDBClient: DuckDBClientStatic<Client>,
  tables: readonly {spec: TableSpec; file: ParquetAttachment}[],
  rowCounts: ReadonlyMap<string, number> | Promise<ReadonlyMap<string, number>>,
): Promise<Client> {
  const hasRows = async (name: string) => ((await rowCounts).get(name) ?? 0) > 0;
  const sources: Record<string, Promise<unknown>> = {};
  for (const {spec, file} of tables)
    sources[spec.name] = hasRows(spec.name).then((present) => (present ? file.parquet() : PLACEHOLDER_ROWS));
  const client = await DuckDBClient.of(sources);
  for (const {spec} of tables) {
    if (await hasRows(spec.name)) continue;
    await client.query(`DROP TABLE IF EXISTS "${spec.name.replaceAll('"', '""')}"`);
    await client.query(toCreateTableSql(spec));
  }
  return client;
}
