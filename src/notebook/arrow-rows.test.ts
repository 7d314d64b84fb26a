import {tableFromArrays} from "apache-arrow";
import {describe, expect, it} from "vitest";
import {toNamedLapChart, toRows} from "./arrow-rows.js";

describe("rows from Arrow", () => {
  it("turns a table into plain objects, BigInts into numbers", () => {
    const table = tableFromArrays({n: BigInt64Array.from([1n, 2n]), name: ["a", "b"]});
    expect(toRows(table)).toEqual([
      {n: 1, name: "a"},
      {n: 2, name: "b"},
    ]);
  });

  it("names the lap chart's cars and orders it by lap and position", () => {
    const lapChart = tableFromArrays({
      lap_number: Int32Array.from([1, 0, 1, 0]),
      position: Int32Array.from([2, 1, 1, 2]),
      driver_number: Int32Array.from([4, 4, 81, 81]),
      source: ["TimingData", "TimingData", "TimingData", "TimingData"],
    });
    const drivers = tableFromArrays({driver_number: Int32Array.from([4]), name_acronym: ["NOR"]});
    expect(
      toNamedLapChart(lapChart, drivers).map((row) => `${row.lap_number}:${row.position}:${row.driver}`),
    ).toEqual(["0:1:NOR", "0:2:81", "1:1:81", "1:2:NOR"]);
  });
});
