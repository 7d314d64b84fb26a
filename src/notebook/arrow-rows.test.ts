import {tableFromArrays, tableFromJSON} from "apache-arrow";
import {describe, expect, it} from "vitest";
import {toRows} from "./arrow-rows.js";

describe("rows from Arrow", () => {
  it("turns a table into plain objects, BigInts into numbers", () => {
    const table = tableFromArrays({n: BigInt64Array.from([1n, 2n]), name: ["a", "b"]});
    expect(toRows(table)).toEqual([
      {n: 1, name: "a"},
      {n: 2, name: "b"},
    ]);
  });

  it("keeps nulls as null, and equals the table's own rows", () => {
    const table = tableFromJSON([
      {speed: 301.5, gear: 8, driver: "VER"},
      {speed: null, gear: null, driver: null},
      {speed: 88, gear: 2, driver: "NOR"},
    ]);
    expect(toRows(table)).toEqual([
      {speed: 301.5, gear: 8, driver: "VER"},
      {speed: null, gear: null, driver: null},
      {speed: 88, gear: 2, driver: "NOR"},
    ]);
    expect(toRows(table)).toEqual(table.toArray().map((row) => row.toJSON()));
  });
});
