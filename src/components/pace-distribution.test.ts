// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {colours, lapTimes} from "./fixtures.js";
import {PaceDistribution} from "./pace-distribution.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("PaceDistribution", () => {
  it("draws a box per driver over the laps, fastest median on top", async () => {
    const laps = lapTimes.flatMap((lap) =>
      lap.lap_duration == null ? [] : [{driver: lap.driver, lap_duration: lap.lap_duration}],
    );
    const chart = await expectSnapshot("pace-distribution.svg", () =>
      PaceDistribution(laps, {colours, width: 480}),
    );
    const labels = [...chart.querySelectorAll("g[aria-label='y-axis tick label'] text")].map(
      (text) => text.textContent,
    );
    expect(labels).toEqual(["AAA", "BBB", "CCC"]);
  });
});
