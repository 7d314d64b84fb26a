import {describe, expect, it} from "vitest";
import {suggestChart, toColumnKind} from "./suggest-chart.js";

describe("toColumnKind", () => {
  it("reads Arrow and DuckDB type names", () => {
    expect(toColumnKind("Float64")).toBe("number");
    expect(toColumnKind("Int32")).toBe("number");
    expect(toColumnKind("BIGINT")).toBe("number");
    expect(toColumnKind("Timestamp<MILLISECOND>")).toBe("time");
    expect(toColumnKind("Utf8")).toBe("text");
    expect(toColumnKind("Bool")).toBe("other");
  });
});

describe("suggestChart", () => {
  const lap = {name: "lap_number", kind: "number"} as const;
  const time = {name: "lap_duration", kind: "number"} as const;
  const driver = {name: "driver", kind: "text"} as const;

  it("draws lap-ordered numbers as lines, one per driver", () => {
    expect(suggestChart([driver, lap, time], 100)).toEqual({
      kind: "line",
      x: "lap_number",
      y: "lap_duration",
      series: "driver",
    });
  });

  it("draws a name against a number as bars, unless there are too many", () => {
    expect(suggestChart([driver, time], 20)).toMatchObject({kind: "bar", x: "driver", y: "lap_duration"});
    expect(suggestChart([driver, time], 500)).toMatchObject({
      kind: "none",
      reason: expect.stringContaining("500 bars"),
    });
  });

  it("falls back to a histogram, a scatter, or says why there is no chart", () => {
    expect(suggestChart([time], 10)).toMatchObject({kind: "histogram", x: "lap_duration"});
    expect(
      suggestChart(
        [
          {name: "speed", kind: "number"},
          {name: "rpm", kind: "number"},
        ],
        10,
      ),
    ).toMatchObject({kind: "dot"});
    expect(suggestChart([driver], 10)).toMatchObject({kind: "none"});
    expect(suggestChart([driver, time], 0)).toMatchObject({
      kind: "none",
      reason: expect.stringContaining("no rows"),
    });
  });
});
