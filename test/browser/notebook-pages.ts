import {readFile} from "node:fs/promises";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {expect} from "vitest";
import {allSessionTables} from "../../src/notebook/session-database.js";
import {toCreateTableSql} from "../../src/sport/schema.js";
import {queryServedParquet} from "./query-natively.js";
import type {Activity} from "./record-activity.js";
import {projectRoot} from "./site.js";
import {readSqlCell} from "../../src/notebook/sql-cells.js";

// Helpers for the notebook tests: what a page downloaded, what its tables show, and the SQL it ran.

/** Fails unless the page logged no error or warning, threw nothing, and asked for nothing off this machine. */
export function expectNoTrouble(activity: Activity): void {
  expect({
    console: activity.console,
    pageErrors: activity.pageErrors,
    failedRequests: activity.failedRequests,
    nonLocalRequests: activity.nonLocalRequests,
  }).toEqual({console: [], pageErrors: [], failedRequests: [], nonLocalRequests: []});
}

/** URLs of the Parquet tables a page downloaded, by table name (Framework adds a content hash to each). */
export function parquetUrls(activity: Activity): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const url of activity.requests) {
    const match = /\/([a-z_]+)\.[0-9a-f]+\.parquet$/.exec(new URL(url).pathname);
    if (match) urls[match[1]!] = url;
  }
  return urls;
}

/** Each row of the HTML table `selector` as {column: raw value} (the cells' data-column / data-value). */
export async function readShownTable(page: Page, selector: string): Promise<Record<string, string | null>[]> {
  return page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((row) =>
      Object.fromEntries(
        [...row.querySelectorAll("td")].map((td) => [td.dataset.column!, td.dataset.value ?? null]),
      ),
    ),
  );
}

/** The Markdown source of a page, e.g. "race/[session].md". */
export function readPageSource(page: string): Promise<string> {
  return readFile(join(projectRoot, "src/pages", page), "utf-8");
}

/**
 * The SQL of a page's ```sql id=<id>``` cell with its `${...}` interpolations replaced, in order, by `params`
 * as SQL literals (Framework passes them to DuckDB as parameters).
 */
export function toNativeSql(
  source: string,
  id: string,
  params: readonly (string | number | boolean)[] = [],
): string {
  let index = 0;
  const sql = readSqlCell(source, id).replace(/\$\{[^}]*\}/g, () => {
    if (index >= params.length)
      throw new Error(`sql id=${id}: more \${...} than the ${params.length} params given`);
    const value = params[index++]!;
    return typeof value === "string" ? `'${value.replaceAll("'", "''")}'` : String(value);
  });
  if (index !== params.length) throw new Error(`sql id=${id}: ${params.length} params given, ${index} used`);
  return sql;
}

/**
 * Runs a page's SQL cell (see toNativeSql) natively over the Parquet files the page downloaded. A session
 * table the page did not download (absent for this session) is an empty table with its declared columns,
 * as the page has it.
 */
export function queryCellNatively(
  source: string,
  id: string,
  urls: Record<string, string>,
  params: readonly (string | number | boolean)[] = [],
): Promise<Record<string, unknown>[]> {
  const empty = allSessionTables
    .filter((spec) => !(spec.name in urls))
    .map((spec) => `${toCreateTableSql(spec)};`)
    .join("\n");
  return queryServedParquet(urls, `${empty}\n${toNativeSql(source, id, params)}`);
}

/** A value as a table cell carries it in data-value. */
export function asShown(value: unknown): string | null {
  return value == null ? null : String(value);
}

/** Compares shown rows with native rows on the given columns, numbers to 9 decimals. */
export function expectRowsEqual(
  shown: readonly Record<string, string | null>[],
  native: readonly Record<string, unknown>[],
  columns: readonly string[],
): void {
  expect(shown.length).toBe(native.length);
  shown.forEach((row, i) => {
    for (const column of columns) {
      const want = native[i]![column];
      const got = row[column];
      if (typeof want === "number" && got != null)
        expect({i, column, value: Number(got)}).toEqual({i, column, value: expect.closeTo(want, 9)});
      else expect({i, column, value: got}).toEqual({i, column, value: asShown(want)});
    }
  });
}
