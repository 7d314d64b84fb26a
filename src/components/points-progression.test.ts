// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {colours} from "./fixtures.js";
import {PointsProgression} from "./points-progression.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("PointsProgression", () => {
  it("draws cumulative points per driver, named at the end", async () => {
    const rows = [
      ...[25, 43, 68].map((points, i) => ({name: "AAA", round: i + 1, points})),
      ...[18, 43, 58].map((points, i) => ({name: "BBB", round: i + 1, points})),
    ];
    const chart = await expectSnapshot("points-progression.svg", () =>
      PointsProgression(rows, {colours, width: 480}),
    );
    expect([...chart.querySelectorAll("g[aria-label='text'] text")].map((text) => text.textContent)).toEqual([
      "AAA",
      "BBB",
    ]);
  });
});
