// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {colours, lapPositions} from "./fixtures.js";
import {LapChart} from "./lap-chart.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("LapChart", () => {
  it("draws a line per driver with names at both ends", async () => {
    const chart = await expectSnapshot("lap-chart.svg", () =>
      LapChart(lapPositions, {colours, highlight: ["CCC"], width: 480}),
    );
    expect(chart.querySelectorAll("g[aria-label='line'] path")).toHaveLength(3);
    expect([...chart.querySelectorAll("g[aria-label='text'] text")].map((text) => text.textContent)).toEqual([
      "AAA",
      "BBB",
      "CCC",
      "AAA",
      "BBB",
      "CCC",
    ]);
  });
});
