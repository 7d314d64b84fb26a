import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";

/**
 * Runs `sql` in native DuckDB over Parquet files, each exposed as a view named like the page's table,
 * so a test can compare what the browser shows with the same query run outside it. BIGINTs come back
 * as numbers, as pages show them (Framework casts BIGINT to DOUBLE).
 */
export async function queryParquetNatively(
  tables: Record<string, string>,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    for (const [name, file] of Object.entries(tables)) {
      await connection.run(
        `CREATE VIEW "${name.replaceAll('"', '""')}" AS SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`,
      );
    }
    const reader = await connection.runAndReadAll(sql);
    return reader
      .getRowObjectsJS()
      .map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([key, value]) => [key, typeof value === "bigint" ? Number(value) : value]),
        ),
      );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Downloads Parquet files from the server a page used (name → URL) and runs `sql` over them natively:
 * the very bytes the browser decoded, whether served from dist/ or by `observable preview`.
 */
export async function queryServedParquet(
  urls: Record<string, string>,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const dir = await mkdtemp(join(tmpdir(), "pitwall-parquet-"));
  try {
    const files: Record<string, string> = {};
    for (const [name, url] of Object.entries(urls)) {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`Could not download ${url}: HTTP ${response.status}`);
      files[name] = join(dir, `${name}.parquet`);
      await writeFile(files[name], new Uint8Array(await response.arrayBuffer()));
    }
    return await queryParquetNatively(files, sql);
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}
