import {readFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {tableFromArrays, tableToIPC} from "apache-arrow";
import {toQueryKey, type PrecomputedResults} from "../../src/notebook/precomputed-sql.js";
import {readSqlCell} from "../../src/notebook/sql-cells.js";

// Test helpers for the drawers: a notebook's Markdown, and the build's answers to its cells made from columns.

/** src/pages/<folder>/[session].md. Under jsdom, URL is jsdom's (no file: URLs): the path is built with node:path. */
export function readPageSource(folder: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return readFileSync(join(here, `../../src/pages/${folder}/[session].md`), "utf8");
}

/** The build's answers to the page's cells (cell id → columns), as the precomputed-SQL loader writes them. */
export function toPrecomputed(
  markdown: string,
  columns: Record<string, Record<string, unknown[]>>,
): PrecomputedResults {
  return {
    version: 1,
    engine: "DuckDB (test)",
    skipped: [],
    queries: Object.entries(columns).map(([id, data]) => ({
      key: toQueryKey([readSqlCell(markdown, id)]),
      arrow: Buffer.from(tableToIPC(tableFromArrays(data as Parameters<typeof tableFromArrays>[0]))).toString(
        "base64",
      ),
    })),
  };
}
