// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {colours} from "./fixtures.js";
import {GapChart} from "./gap-chart.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("GapChart", () => {
  it("draws gaps smallest first, labelled", async () => {
    const gaps = [
      {driver: "CCC", gap_s: 0.512},
      {driver: "AAA", gap_s: 0},
      {driver: "BBB", gap_s: 0.087},
    ];
    const chart = await expectSnapshot("gap-chart.svg", () =>
      GapChart(gaps, {colours, label: "Gap to pole (s)", width: 480}),
    );
    expect([...chart.querySelectorAll("g[aria-label='text'] text")].map((text) => text.textContent)).toEqual([
      "+0.087",
      "+0.512",
    ]);
  });
});
