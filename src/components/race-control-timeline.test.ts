// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {RaceControlTimeline} from "./race-control-timeline.js";
import {expectSnapshot} from "./render-snapshot.js";

const t0 = Date.UTC(2025, 4, 3, 16, 0);
const minute = 60_000;

describe("RaceControlTimeline", () => {
  it("draws messages by category over track-status bands", async () => {
    const messages = [
      {date: t0, category: "Flag", flag: "GREEN", message: "GREEN LIGHT - PIT EXIT OPEN"},
      {date: t0 + 5 * minute, category: "Flag", flag: "YELLOW", message: "YELLOW IN TRACK SECTOR 4"},
      {date: t0 + 9 * minute, category: "SafetyCar", flag: null, message: "SAFETY CAR DEPLOYED"},
      {date: t0 + 12 * minute, category: "Drs", flag: null, message: "DRS ENABLED"},
      {date: t0 + 15 * minute, category: "Mystery", flag: "PURPLE", message: "UNKNOWN CATEGORY"},
    ];
    const spans = [
      {start: t0 + 5 * minute, end: t0 + 9 * minute, message: "Yellow"},
      {start: t0 + 9 * minute, end: t0 + 14 * minute, message: "SCDeployed"},
      {start: t0 + 14 * minute, end: t0 + 20 * minute, message: "AllClear"},
    ];
    const chart = await expectSnapshot("race-control-timeline.html", () =>
      RaceControlTimeline(messages, {spans, width: 480}),
    );
    expect(chart.querySelectorAll("g[aria-label='dot'] circle")).toHaveLength(5);
    // AllClear is the normal state, not a band.
    expect(chart.querySelectorAll("g[aria-label='rect'] rect")).toHaveLength(2);
  });
});
