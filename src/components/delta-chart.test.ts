// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {DeltaChart} from "./delta-chart.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("DeltaChart", () => {
  it("draws the delta over its uncertainty band", async () => {
    const points = [0, 100, 200, 300, 400].map((distance_m, i) => ({
      distance_m,
      delta_s: i * 0.05,
      delta_low_s: i * 0.05 - 0.08,
      delta_high_s: i * 0.05 + 0.08,
    }));
    const chart = await expectSnapshot("delta-chart.svg", () =>
      DeltaChart(points, {reference: "AAA", compared: "BBB", width: 480}),
    );
    expect(chart.querySelector("g[aria-label='area'] path")).not.toBeNull();
    expect(chart.querySelector("g[aria-label='line'] path")).not.toBeNull();
  });
});
