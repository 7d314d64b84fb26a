import {existsSync} from "node:fs";
import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {lapsTable} from "../../src/sport/session-tables.js";
import {writeParquet} from "../../store/parquet-writer.js";
import {planStoreViews, SqlRefusal, SqlSandbox} from "./sql-sandbox.js";

let folder: string;
let outside: string;
let sandbox: SqlSandbox;

/** A store with two session sets of synthetic laps and a secret file beside it. */
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "pitwall-sql-"));
  outside = await mkdtemp(join(tmpdir(), "pitwall-outside-"));
  await writeFile(join(outside, "secret.csv"), "a,b\n1,2\n");
  for (const [set, sessionKey] of [
    ["s-one", 1],
    ["s-two", 2],
  ] as const) {
    const rows = Array.from({length: 50}, (_, index) => ({
      session_key: sessionKey,
      driver_number: (index % 5) + 1,
      lap_number: Math.floor(index / 5) + 1,
      lap_duration: 90 + index / 10,
    }));
    await writeParquet(lapsTable, rows, join(folder, "store", set, "laps.parquet"));
  }
  sandbox = await SqlSandbox.create(planStoreViews(join(folder, "store")), {timeoutMs: 1_000, maxRows: 20});
});

afterAll(async () => {
  sandbox?.close();
  await rm(folder, {recursive: true, force: true});
  await rm(outside, {recursive: true, force: true});
});

async function refusal(sql: string): Promise<SqlRefusal> {
  const error = await sandbox.query(sql).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, sql).toBeInstanceOf(SqlRefusal);
  return error as SqlRefusal;
}

describe("SqlSandbox", () => {
  it("stacks the sets' tables into one view and binds parameters", async () => {
    const result = await sandbox.query(
      "SELECT session_key, count(*) AS laps, min(lap_duration) AS best FROM laps WHERE driver_number = $driver GROUP BY ALL ORDER BY 1",
      {driver: 3},
    );
    expect(result.rows).toEqual([
      {session_key: 1, laps: "10", best: 90.2},
      {session_key: 2, laps: "10", best: 90.2},
    ]);
    expect(result.truncated).toBe(false);
  });

  it("cuts results at the row limit and says so", async () => {
    const result = await sandbox.query("SELECT * FROM laps");
    expect(result.rows).toHaveLength(20);
    expect(result.truncated).toBe(true);
  });

  it("a parameter is a value, never SQL", async () => {
    const result = await sandbox.query(
      "SELECT count(*) AS n FROM laps WHERE CAST(driver_number AS VARCHAR) = ?",
      ["1 OR 1=1"],
    );
    expect(result.rows).toEqual([{n: "0"}]);
  });

  const escapes: [string, string, RegExp][] = [
    ["COPY TO", "COPY (SELECT 1) TO '/tmp/pitwall-escape.csv'", /not-a-select|query-error/],
    ["read_csv outside", "SELECT * FROM read_csv('/etc/passwd')", /query-error/],
    ["read_text outside", "SELECT * FROM read_text('/etc/hostname')", /query-error/],
    ["ATTACH", "ATTACH '/tmp/pitwall-escape.db'", /not-a-select/],
    ["INSTALL", "INSTALL httpfs", /not-a-select/],
    ["LOAD", "LOAD httpfs", /not-a-select/],
    ["httpfs URL", "SELECT * FROM read_parquet('https://example.com/x.parquet')", /query-error/],
    ["SET", "SET enable_external_access = true", /not-a-select/],
    ["PRAGMA", "PRAGMA enable_profiling", /not-a-select/],
    ["two statements", "SELECT 1; SELECT 2", /multiple-statements/],
    ["hidden second statement", "SELECT 1; COPY (SELECT 1) TO '/tmp/x.csv'", /multiple-statements/],
    ["CREATE", "CREATE TABLE t AS SELECT 1", /not-a-select/],
  ];
  for (const [name, sql, code] of escapes) {
    it(`refuses ${name}`, async () => {
      expect((await refusal(sql)).code).toMatch(code);
    });
  }

  it("wrote nothing outside", () => {
    expect(existsSync("/tmp/pitwall-escape.csv")).toBe(false);
    expect(existsSync("/tmp/pitwall-escape.db")).toBe(false);
  });

  it("cannot read a file outside the store even through a subquery", async () => {
    const error = await refusal(
      `SELECT * FROM laps WHERE lap_number IN (SELECT a FROM read_csv('${join(outside, "secret.csv")}'))`,
    );
    expect(error.message).toMatch(/disabled by configuration|Permission/);
  });

  it("interrupts a query at the time limit", async () => {
    const error = await refusal("SELECT count(*) FROM range(10000000000) a, range(1000) b");
    expect(error.code).toBe("timeout");
  });
});
