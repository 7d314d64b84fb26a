// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {suggestChart} from "../notebook/suggest-chart.js";
import {lapTimes} from "./fixtures.js";
import {expectSnapshot} from "./render-snapshot.js";
import {SuggestedChart} from "./suggested-chart.js";

describe("SuggestedChart", () => {
  const timed = lapTimes.filter((lap) => lap.lap_duration != null);
  const columns = [
    {name: "driver", kind: "text"},
    {name: "lap_number", kind: "number"},
    {name: "lap_duration", kind: "number"},
  ] as const;

  it("draws a line per series for lap-ordered numbers", async () => {
    const chart = await expectSnapshot("suggested-chart-line.html", () =>
      SuggestedChart(timed, suggestChart(columns, timed.length), {width: 480}),
    );
    expect(chart.querySelectorAll("g[aria-label='line'] path")).toHaveLength(3);
  });

  it("draws bars and histograms", async () => {
    const bars = await expectSnapshot("suggested-chart-bar.svg", () =>
      SuggestedChart(timed.slice(0, 3), suggestChart([columns[0], columns[2]], 3), {width: 480}),
    );
    expect(bars.querySelectorAll("g[aria-label='bar'] rect")).toHaveLength(3);
    const histogram = await expectSnapshot("suggested-chart-histogram.svg", () =>
      SuggestedChart(timed, suggestChart([columns[2]], timed.length), {width: 480}),
    );
    expect(histogram.querySelectorAll("g[aria-label='rect'] rect").length).toBeGreaterThan(1);
  });

  it("says why there is no chart", () => {
    const note = SuggestedChart([], suggestChart(columns, 0));
    expect(note.textContent).toContain("no rows");
  });
});
