// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {colours} from "./fixtures.js";
import {RaceTrace} from "./race-trace.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("RaceTrace", () => {
  it("draws gaps with a shaded safety-car span and breaks at a missing gap", async () => {
    const points = ["AAA", "BBB"].flatMap((driver, d) =>
      [1, 2, 3, 4, 5].map((lap) => ({
        driver,
        lap_number: lap,
        gap_to_leader_s: d === 0 ? 0 : lap === 3 ? null : lap * 1.5,
      })),
    );
    const chart = await expectSnapshot("race-trace.svg", () =>
      RaceTrace(points, {colours, neutralised: [{lap_start: 4, lap_end: 5, label: "SC"}], width: 480}),
    );
    expect(chart.querySelector("g[aria-label='rect'] rect")).not.toBeNull();
    // BBB's line is split around lap 3: two path pieces in one path's data ("M...M").
    const paths = [...chart.querySelectorAll("g[aria-label='line'] path")].map(
      (path) => path.getAttribute("d") ?? "",
    );
    expect(paths.some((d) => (d.match(/M/g) ?? []).length === 2)).toBe(true);
  });
});
