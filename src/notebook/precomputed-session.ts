import {sqlEngineStatus} from "../components/sql-engine-status.js";
import {openWhenIdle, precomputedSql, type PrecomputedResults, type SqlClient} from "./precomputed-sql.js";
import {openSessionDatabase} from "./session-database.js";
import type {DuckDBClientStatic, ParquetAttachment} from "./table-database.js";

// Page glue for a session notebook whose fixed SQL cells the build answers (see precomputed-sql.ts): one call
// gives the page its `sql` tag, the line saying where results come from, and DuckDB-WASM opened when idle.

export interface PrecomputedSessionOptions<Client, Result> {
  DuckDBClient: DuckDBClientStatic<Client>;
  /** The page's table attachments by table name, as for openSessionDatabase. */
  files: Readonly<Record<string, ParquetAttachment>>;
  availabilityFile: ParquetAttachment;
  /** The build's answers for this page and session (`src/data/precomputed/<page>/<session>.json`). */
  precomputed: PrecomputedResults;
  /** Arrow IPC bytes to a result (Arrow.tableFromIPC). */
  decode: (bytes: Uint8Array) => Result;
  /** The page address's query string: `?sql=browser` runs every cell in DuckDB-WASM. */
  search?: string;
}

export function openPrecomputedSession<
  Client extends SqlClient<Result> & {query(sql: string): Promise<unknown>},
  Result,
>({
  DuckDBClient,
  files,
  availabilityFile,
  precomputed,
  decode,
  search = globalThis.location?.search ?? "",
}: PrecomputedSessionOptions<Client, Result>) {
  const useBuildResults = new URLSearchParams(search).get("sql") !== "browser";
  const engineStatus = sqlEngineStatus(precomputed, {useBuildResults});
  const database = openWhenIdle(
    async () => (await openSessionDatabase(DuckDBClient, files, availabilityFile)).db,
    // Framework shows <observablehq-loading> in each cell still computing.
    {
      onState: engineStatus.update,
      settled: () => !globalThis.document?.querySelector("observablehq-loading"),
    },
  );
  const sql = precomputedSql(precomputed, {decode, database, useBuildResults, onAnswer: engineStatus.count});
  return {sql, database, engineStatus};
}
