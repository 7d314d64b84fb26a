// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {colours, lapTimes} from "./fixtures.js";
import {LapTimesChart} from "./lap-times-chart.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("LapTimesChart", () => {
  it("draws timed laps as dots joined between consecutive laps", async () => {
    const laps = lapTimes.filter((lap) => !(lap.driver === "BBB" && lap.lap_number === 3));
    const chart = await expectSnapshot("lap-times-chart.html", () =>
      LapTimesChart(laps, {colours, width: 480}),
    );
    expect(chart.querySelectorAll("g[aria-label='dot'] circle")).toHaveLength(11);
  });
});
