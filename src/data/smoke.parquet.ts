// A small synthetic lap table (3 drivers × 12 laps) for the smoke page: proves that a loader's Parquet
// reaches DuckDB-WASM in the browser. Written with native DuckDB to a temp file, then sent to stdout.
import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";

const dir = await mkdtemp(join(tmpdir(), "pitwall-smoke-"));
try {
  const file = join(dir, "smoke.parquet");
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  await connection.run(`
    COPY (
      SELECT
        driver,
        lap_number::INTEGER AS lap_number,
        round(90 + pace_s + 0.05 * lap_number + 0.3 * sin(lap_number * 1.7 + pace_s), 3) AS lap_time_s,
        TIMESTAMP '2025-10-26 20:00:00' + to_milliseconds((lap_number * 91000)::BIGINT) AS lap_start
      FROM (VALUES ('VER', 0.0), ('NOR', 0.2), ('LEC', 0.35)) AS drivers(driver, pace_s),
           range(1, 13) AS laps(lap_number)
      ORDER BY driver, lap_number
    ) TO '${file}' (FORMAT parquet)`);
  process.stdout.write(await readFile(file));
  process.stderr.write("smoke.parquet: 36 laps\n");
} finally {
  await rm(dir, {recursive: true, force: true});
}
