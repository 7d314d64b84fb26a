import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {tableFromIPC} from "apache-arrow";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {toQueryKey} from "../src/notebook/precomputed-sql.js";
import {precomputeSessionPage} from "./precompute-sql.js";

// Two tables written as Parquet by DuckDB: drivers (present) and availability; laps is listed as absent.
let dir: string;
let files: {name: string; path: string}[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pitwall-precompute-"));
  files = [
    {name: "drivers.parquet", path: join(dir, "drivers.parquet")},
    {name: "availability.parquet", path: join(dir, "availability.parquet")},
  ];
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT * FROM (VALUES (1, 'VER', TIMESTAMP '2025-05-03 16:00:00.250'), (4, 'NOR', NULL))
    AS t(driver_number, name_acronym, seen_at)) TO '${files[0]!.path}' (FORMAT parquet)`);
  await connection.run(`COPY (SELECT * FROM (VALUES ('drivers', 'present', 2::BIGINT, NULL, 'DriverList'),
    ('laps', 'absent', 0::BIGINT, 'TimingData.jsonStream is not in the archive.', 'TimingData'))
    AS t(table_name, status, row_count, reason, source_topics)) TO '${files[1]!.path}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
});

afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

const page = (cells: string[]) =>
  cells.map((sql, i) => `## Cell ${i}\n\n\`\`\`sql id=c${i}\n${sql}\n\`\`\`\n`).join("\n");

describe("precomputeSessionPage", () => {
  it("answers fixed cells with the Arrow types DuckDB-WASM gives a page; absent tables are empty, not errors", async () => {
    const drivers =
      "SELECT driver_number, name_acronym, seen_at, count(*) OVER () AS n FROM drivers ORDER BY driver_number";
    const laps = "SELECT count(*) AS laps FROM laps";
    const results = await precomputeSessionPage(
      page([drivers, laps, "SELECT * FROM laps WHERE lap_number = ${lap}"]),
      files,
    );
    expect(results.engine).toMatch(/^DuckDB v\d/);
    expect(results.skipped).toEqual([]);
    expect(results.queries.map((query) => query.key)).toEqual([toQueryKey([drivers]), toQueryKey([laps])]);

    const table = tableFromIPC(Buffer.from(results.queries[0]!.arrow, "base64"));
    expect(table.schema.fields.map((field) => `${field.name}:${String(field.type)}`)).toEqual([
      "driver_number:Int32",
      "name_acronym:Utf8",
      "seen_at:Date64<MILLISECOND>",
      "n:Float64",
    ]);
    expect(table.toArray().map((row) => row.toJSON())).toEqual([
      {driver_number: 1, name_acronym: "VER", seen_at: Date.parse("2025-05-03T16:00:00.250Z"), n: 2},
      {driver_number: 4, name_acronym: "NOR", seen_at: null, n: 2},
    ]);
    const empty = tableFromIPC(Buffer.from(results.queries[1]!.arrow, "base64"));
    expect(empty.get(0)?.toJSON()).toEqual({laps: 0});
  });

  it("leaves to the browser a cell that fails, or whose types it does not mirror, and says why", async () => {
    const results = await precomputeSessionPage(
      page([
        "SELECT no_such_column FROM drivers",
        "SELECT 1.5 AS decimal_value",
        "SELECT table_name FROM availability",
      ]),
      files,
    );
    expect(results.skipped.map((entry) => entry.reason)).toEqual([
      expect.stringContaining("no_such_column"),
      "column decimal_value is DECIMAL(2,1), which the build does not mirror",
    ]);
    const availability = tableFromIPC(Buffer.from(results.queries[0]!.arrow, "base64"));
    expect(availability.toArray().map((row) => row.table_name)).toEqual(["drivers", "laps"]);
  });
});
