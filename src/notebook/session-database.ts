import {availabilityTable, derivedSessionTables, sessionTables} from "../sport/session-tables.js";
import type {TableSpec} from "../sport/schema.js";
import {
  openTableDatabase,
  toAvailability,
  type Availability,
  type DuckDBClientStatic,
  type ParquetAttachment,
} from "./table-database.js";

// Page glue shared by the session notebooks: open the tables a page attached, and say in words why one is
// missing. A page lists its FileAttachments itself (Framework resolves them at build time from the literal
// calls), and hands them here by table name.

/** Every per-session table a page may attach: the sources' tables, the store's derived ones, availability. */
export const allSessionTables: readonly TableSpec[] = [
  ...sessionTables,
  ...derivedSessionTables,
  availabilityTable,
];

/** An opened session: its DuckDB client, and why each absent or empty table has no rows. */
export interface OpenedSession<Client> {
  db: Client;
  availability: Availability[];
  /** Reason in words for every table without rows, by name. */
  missing: Map<string, string>;
}

/**
 * Rows of each of a session's tables, from its availability table. That table does not list itself, yet it
 * is always there, with a row per table: the build (store/precompute-sql.ts) and the browser both count it so.
 */
export function toRowCounts(
  availability: readonly Pick<Availability, "table_name" | "row_count">[],
): Map<string, number> {
  const rows = new Map(availability.map((entry) => [entry.table_name, entry.row_count]));
  rows.set(availabilityTable.name, availability.length);
  return rows;
}

/** Opens the attached tables of a session in DuckDB (absent ones created empty) and collects the reasons. */
export async function openSessionDatabase<Client extends {query(sql: string): Promise<unknown>}>(
  DuckDBClient: DuckDBClientStatic<Client>,
  files: Readonly<Record<string, ParquetAttachment>>,
  availabilityFile: ParquetAttachment,
): Promise<OpenedSession<Client>> {
  const decoded = availabilityFile.parquet();
  const availability = decoded.then((arrow) => toAvailability(arrow as Parameters<typeof toAvailability>[0]));
  const tables = allSessionTables
    .filter((spec) => spec.name in files)
    .map((spec) => ({spec, file: files[spec.name]!}));
  // The availability table goes in too, so a SQL cell can ask which tables a session has.
  tables.push({spec: availabilityTable, file: {parquet: () => decoded}});
  const db = await openTableDatabase(DuckDBClient, tables, availability.then(toRowCounts));
  const entries = await availability;
  return {db, availability: entries, missing: toMissingReasons(entries)};
}

/** Why each table has no rows: the source's reason when absent, else that it is empty for this session. */
export function toMissingReasons(availability: readonly Availability[]): Map<string, string> {
  const missing = new Map<string, string>();
  for (const entry of availability) {
    if (entry.status === "absent")
      missing.set(entry.table_name, entry.reason ?? `The ${entry.table_name} table is absent.`);
    else if (entry.row_count === 0)
      missing.set(entry.table_name, `The ${entry.table_name} table has no rows for this session.`);
  }
  return missing;
}

/**
 * A paragraph saying what a cell cannot show and why, e.g. "No pit stops: TimingData.jsonStream is not in the
 * archive for this session." Carries `data-missing` so tests find it.
 */
export function explainMissing(
  what: string,
  tables: readonly string[],
  missing: ReadonlyMap<string, string>,
  doc: Document = globalThis.document,
): HTMLParagraphElement {
  const reasons = [...new Set(tables.map((table) => missing.get(table)).filter((reason) => reason != null))];
  const p = doc.createElement("p");
  p.className = "missing";
  p.dataset.missing = tables.join(" ");
  p.textContent = `No ${what}: ${reasons.length > 0 ? reasons.join(" ") : "the data has no rows for this."}`;
  return p;
}
