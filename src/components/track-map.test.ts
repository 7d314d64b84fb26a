// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {colours} from "./fixtures.js";
import {expectSnapshot} from "./render-snapshot.js";
import {TrackMap} from "./track-map.js";

describe("TrackMap", () => {
  it("colours each mini-sector by the faster driver and marks corners", async () => {
    const points = Array.from({length: 13}, (_, i) => {
      const angle = (i / 12) * 2 * Math.PI;
      const minisector = Math.min(3, Math.floor(i / 3));
      return {
        x: Math.cos(angle) * 1000,
        y: Math.sin(angle) * 600,
        minisector,
        faster: minisector % 2 ? "BBB" : "AAA",
      };
    });
    const map = await expectSnapshot("track-map.html", () =>
      TrackMap(points, {
        colours,
        rotation: 90,
        corners: [
          {x: 1000, y: 0, number: 1},
          {x: -1000, y: 0, number: 2, letter: "a"},
        ],
        width: 300,
      }),
    );
    expect(map.querySelectorAll("g[aria-label='line'] path")).toHaveLength(4);
    expect([...map.querySelectorAll("g[aria-label='text'] text")].map((text) => text.textContent)).toEqual([
      "1",
      "2a",
    ]);
  });
});
