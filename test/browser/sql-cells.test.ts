import {describe, expect, it} from "vitest";
import {readSqlCell} from "./sql-cells.js";

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
