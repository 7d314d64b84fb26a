// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {DegradationChart} from "./degradation-chart.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("DegradationChart", () => {
  it("draws laps against tyre age with each stint's fitted line", async () => {
    const laps = [
      ...[2, 3, 4, 5, 6].map((age, i) => ({
        stint: "AAA stint 1",
        compound: "MEDIUM",
        tyre_age_laps: age,
        lap_duration: 91 + 0.08 * age + (i % 2) * 0.1,
      })),
      ...[1, 2, 3, 4].map((age, i) => ({
        stint: "AAA stint 2",
        compound: "HARD",
        tyre_age_laps: age,
        lap_duration: 91.5 + 0.03 * age - (i % 2) * 0.1,
      })),
    ];
    const fits = [
      {
        stint: "AAA stint 1",
        compound: "MEDIUM",
        slope_s_per_lap: 0.08,
        intercept_s: 91.05,
        age_min: 2,
        age_max: 6,
      },
      {
        stint: "AAA stint 2",
        compound: "HARD",
        slope_s_per_lap: 0.03,
        intercept_s: 91.45,
        age_min: 1,
        age_max: 4,
      },
    ];
    const chart = await expectSnapshot("degradation-chart.html", () =>
      DegradationChart(laps, {fits, width: 480}),
    );
    expect(chart.querySelectorAll("g[aria-label='line'] path")).toHaveLength(2);
  });
});
