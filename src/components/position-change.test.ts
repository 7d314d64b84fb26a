// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {PositionChange} from "./position-change.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("PositionChange", () => {
  it("draws places gained and lost in finishing order", async () => {
    const rows = [
      {driver: "CCC", grid: 3, finish: 1},
      {driver: "AAA", grid: 1, finish: 3},
      {driver: "BBB", grid: 2, finish: 2},
    ];
    const chart = await expectSnapshot("position-change.svg", () => PositionChange(rows, {width: 480}));
    expect([...chart.querySelectorAll("g[aria-label='text'] text")].map((text) => text.textContent)).toEqual([
      "P3 → P1",
      "P2 → P2",
      "P1 → P3",
    ]);
  });
});
