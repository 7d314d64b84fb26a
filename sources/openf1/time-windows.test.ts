import {describe, expect, it} from "vitest";
import {splitTimeRange} from "./time-windows.js";

describe("splitTimeRange", () => {
  it("covers the range with consecutive windows, the last one closed", () => {
    expect(splitTimeRange(0, 250, 100)).toEqual([
      {startMs: 0, endMs: 100, last: false},
      {startMs: 100, endMs: 200, last: false},
      {startMs: 200, endMs: 250, last: true},
    ]);
    expect(splitTimeRange(0, 200, 100).map((w) => w.endMs)).toEqual([100, 200]);
    expect(splitTimeRange(5, 5, 100)).toEqual([{startMs: 5, endMs: 5, last: true}]);
  });

  it("refuses bad ranges and sizes with a clear message", () => {
    expect(() => splitTimeRange(10, 0, 5)).toThrow(/start <= end/);
    expect(() => splitTimeRange(0, 10, 0)).toThrow(/positive/);
    expect(() => splitTimeRange(Number.NaN, 10, 5)).toThrow(/finite/);
  });
});
