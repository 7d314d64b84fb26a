import {readFile} from "node:fs/promises";
import {basename, dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {DuckDBInstance, DuckDBTypeId, type DuckDBConnection} from "@duckdb/node-api";
import {
  Bool,
  DateDay,
  DateMillisecond,
  Float32,
  Float64,
  Int16,
  Int32,
  Int8,
  Table,
  Uint16,
  Uint32,
  Uint8,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from "apache-arrow";
import {projectRoot} from "../sources/settings.js";
import {allSessionTables, toRowCounts} from "../src/notebook/session-database.js";
import {PRECOMPUTED_VERSION, toQueryKey, type PrecomputedResults} from "../src/notebook/precomputed-sql.js";
import {readSqlCells} from "../src/notebook/sql-cells.js";
import {toCreateTableSql} from "../src/sport/schema.js";
import {getLoaderParam} from "./run-loader.js";
import {getSessionFiles} from "./session-store.js";

// Build-time answers to a page's fixed SQL cells (src/notebook/precomputed-sql.ts serves them): the page
// opens with results instead of waiting seconds for DuckDB-WASM. The tables are set up as the page sets them
// up (present tables from their Parquet, absent or empty ones created from their schema), and each result
// gets the Arrow types DuckDB-WASM gives a Framework page (BIGINT as DOUBLE, TIMESTAMP as a millisecond date).

/** Arrow type DuckDB-WASM returns for a result column under Framework's settings; null when not mirrored. */
function toBrowserArrowType(typeId: DuckDBTypeId): DataType | null {
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return new Bool();
    case DuckDBTypeId.TINYINT:
      return new Int8();
    case DuckDBTypeId.SMALLINT:
      return new Int16();
    case DuckDBTypeId.INTEGER:
      return new Int32();
    case DuckDBTypeId.UTINYINT:
      return new Uint8();
    case DuckDBTypeId.USMALLINT:
      return new Uint16();
    case DuckDBTypeId.UINTEGER:
      return new Uint32();
    case DuckDBTypeId.BIGINT: // castBigIntToDouble
    case DuckDBTypeId.DOUBLE:
      return new Float64();
    case DuckDBTypeId.FLOAT:
      return new Float32();
    case DuckDBTypeId.VARCHAR:
      return new Utf8();
    case DuckDBTypeId.DATE:
      return new DateDay();
    case DuckDBTypeId.TIMESTAMP: // castTimestampToDate
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
      return new DateMillisecond();
    default:
      return null;
  }
}

/** Runs one query and returns its result as Arrow IPC bytes, or why it cannot be mirrored. */
async function runToArrow(connection: DuckDBConnection, sql: string): Promise<Uint8Array | string> {
  const reader = await connection.runAndReadAll(sql);
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const columns = reader.getColumnsJS();
  const vectors: Record<string, Vector> = {};
  for (const [index, name] of names.entries()) {
    const type = toBrowserArrowType(types[index]!.typeId);
    if (!type) return `column ${name} is ${types[index]!.toString()}, which the build does not mirror`;
    if (name in vectors) return `column name ${name} appears twice`;
    const values = (columns[index] ?? []).map((value) => (typeof value === "bigint" ? Number(value) : value));
    vectors[name] = vectorFromArray(values, type) as Vector;
  }
  return tableToIPC(new Table(vectors), "stream");
}

/** Creates the page's tables over a session's Parquet files: present ones as views, the rest empty. */
async function createSessionTables(
  connection: DuckDBConnection,
  files: readonly {name: string; path: string}[],
): Promise<void> {
  const paths = new Map(files.map((file) => [file.name.replace(/\.parquet$/, ""), file.path]));
  const quote = (path: string) => `'${path.replaceAll("'", "''")}'`;
  const availability = paths.get("availability");
  const listed: {table_name: string; row_count: number}[] = [];
  if (availability) {
    const reader = await connection.runAndReadAll(
      `SELECT table_name, row_count FROM read_parquet(${quote(availability)})`,
    );
    for (const row of reader.getRowObjectsJS())
      listed.push({table_name: String(row.table_name), row_count: Number(row.row_count)});
  }
  const rows = toRowCounts(listed);
  for (const spec of allSessionTables) {
    const path = paths.get(spec.name);
    if (path && (rows.get(spec.name) ?? 0) > 0)
      await connection.run(`CREATE VIEW "${spec.name}" AS SELECT * FROM read_parquet(${quote(path)})`);
    else await connection.run(toCreateTableSql(spec));
  }
}

/**
 * Answers every SQL cell of a page that has no `${...}` for one session's tables. A cell that fails or
 * returns a type the build does not mirror is listed as skipped (the page runs it in the browser).
 */
export async function precomputeSessionPage(
  markdown: string,
  files: readonly {name: string; path: string}[],
): Promise<PrecomputedResults> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await createSessionTables(connection, files);
    const version = (await connection.runAndReadAll("SELECT version() AS v")).getRowObjectsJS()[0]?.v;
    const results: PrecomputedResults = {
      version: PRECOMPUTED_VERSION,
      engine: `DuckDB ${String(version)} (native, at build time)`,
      queries: [],
      skipped: [],
    };
    const seen = new Set<string>();
    for (const cell of readSqlCells(markdown)) {
      if (cell.parameterized) continue;
      const key = toQueryKey([cell.sql]);
      if (seen.has(key)) continue;
      seen.add(key);
      let outcome: Uint8Array | string;
      try {
        outcome = await runToArrow(connection, cell.sql);
      } catch (error) {
        outcome = (error as Error).message.split("\n")[0] ?? "failed";
      }
      if (typeof outcome === "string") results.skipped.push({key, reason: outcome});
      else results.queries.push({key, arrow: Buffer.from(outcome).toString("base64")});
    }
    return results;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The pages whose SQL cells the build answers, by the folder of their loader under src/data/precomputed. */
export const PRECOMPUTED_PAGES: Readonly<Record<string, string>> = {
  race: "race/[session].md",
  qualifying: "qualifying/[session].md",
  session: "session/[session].md",
};

/**
 * Runs a `src/data/precomputed/<folder>/[session].json.ts` loader: answers the SQL cells of the page its
 * folder names for the session Framework passes, writes the JSON to stdout, and says what it did on stderr.
 */
export async function runPrecomputeLoader(loaderUrl: string): Promise<void> {
  const folder = basename(dirname(fileURLToPath(loaderUrl)));
  const label = `precomputed/${folder}/${process.argv.slice(2).join(" ")}`;
  try {
    const page = PRECOMPUTED_PAGES[folder];
    if (!page)
      throw new Error(
        `no page is listed for "${folder}": add it to PRECOMPUTED_PAGES in store/precompute-sql.ts`,
      );
    const sessionId = getLoaderParam("session");
    const results = await precomputeSessionPage(
      await readPageMarkdown(page),
      await getSessionFiles(sessionId),
    );
    process.stderr.write(
      `precomputed/${folder}/${sessionId}: ${results.queries.length} SQL cells answered, ${results.skipped.length} left to the browser\n`,
    );
    for (const {key, reason} of results.skipped)
      process.stderr.write(`  skipped ${key.slice(0, 80)}: ${reason}\n`);
    process.stdout.write(JSON.stringify(results));
  } catch (error) {
    process.stderr.write(`${label}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

/** Reads a page's Markdown, e.g. "race/[session].md" under src/pages. */
export async function readPageMarkdown(
  page: string,
  pagesDir = join(projectRoot, "src", "pages"),
): Promise<string> {
  return readFile(join(pagesDir, page), "utf8");
}
