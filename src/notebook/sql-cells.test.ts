import {describe, expect, it} from "vitest";
import {readSqlCell, readSqlCells} from "./sql-cells.js";

const page = [
  "# Laps",
  "```sql id=fastest",
  "SELECT min(lap_time_s) AS fastest_s",
  "FROM laps",
  "```",
  "```sql id=count display",
  "SELECT count(*) FROM laps",
  "```",
  "```js",
  "const id = 1;",
  "```",
  "```sql id=lap",
  "SELECT * FROM laps WHERE lap_number = ${lap}",
  "```",
].join("\n");

describe("readSqlCell", () => {
  it("returns the SQL of the block with that id", () => {
    expect(readSqlCell(page, "fastest")).toBe("SELECT min(lap_time_s) AS fastest_s\nFROM laps");
    expect(readSqlCell(page, "count")).toBe("SELECT count(*) FROM laps");
  });

  it("fails on a missing or ambiguous id", () => {
    expect(() => readSqlCell(page, "fast")).toThrow("found 0");
    expect(() => readSqlCell(`${page}\n${page}`, "count")).toThrow("found 2");
  });
});

describe("readSqlCells", () => {
  it("lists every sql block with its binding, and marks the ones that interpolate", () => {
    expect(readSqlCells(page)).toEqual([
      {id: "fastest", sql: "SELECT min(lap_time_s) AS fastest_s\nFROM laps", parameterized: false},
      {id: "count", sql: "SELECT count(*) FROM laps", parameterized: false},
      {id: "lap", sql: "SELECT * FROM laps WHERE lap_number = ${lap}", parameterized: true},
    ]);
  });

  it("reads CRLF pages as Framework does, and a block without an id", () => {
    expect(readSqlCells("```sql\r\nSELECT 1\r\nFROM t\r\n```\r\n")).toEqual([
      {id: null, sql: "SELECT 1\nFROM t", parameterized: false},
    ]);
  });
});
