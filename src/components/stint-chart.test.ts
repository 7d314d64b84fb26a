// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {expectSnapshot} from "./render-snapshot.js";
import {StintChart} from "./stint-chart.js";

describe("StintChart", () => {
  it("draws a bar per stint in compound colours, labelled new or by age", async () => {
    const stints = [
      {driver: "AAA", lap_start: 1, lap_end: 20, compound: "MEDIUM", is_new: true, tyre_age_at_start: 0},
      {driver: "AAA", lap_start: 21, lap_end: 50, compound: "HARD", is_new: false, tyre_age_at_start: 3},
      {driver: "BBB", lap_start: 1, lap_end: 50, compound: "HARD", is_new: true, tyre_age_at_start: 0},
      {driver: "CCC", lap_start: null, lap_end: null, compound: "SOFT"},
    ];
    const chart = await expectSnapshot("stint-chart.html", () =>
      StintChart(stints, {order: ["BBB", "AAA", "CCC"], width: 480}),
    );
    expect(chart.querySelectorAll("g[aria-label='bar'] rect")).toHaveLength(3);
    expect([...chart.querySelectorAll("g[aria-label='text'] text")].map((text) => text.textContent)).toEqual([
      "new",
      "3",
      "new",
    ]);
  });
});
