// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {colours} from "./fixtures.js";
import {QualifyingProgress} from "./qualifying-progress.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("QualifyingProgress", () => {
  it("draws every timed lap, the improvements as steps, and where Q2 and Q3 began", async () => {
    const laps = [
      {driver: "AAA", session_time_s: 600, lap_duration: 78.5, qualifying_part: 1},
      {driver: "AAA", session_time_s: 900, lap_duration: 78.9, qualifying_part: 1},
      {driver: "AAA", session_time_s: 1800, lap_duration: 78.1, qualifying_part: 2},
      {driver: "AAA", session_time_s: 2900, lap_duration: 77.6, qualifying_part: 3},
      {driver: "BBB", session_time_s: 650, lap_duration: 78.7, qualifying_part: 1},
      {driver: "BBB", session_time_s: 1850, lap_duration: 78.3, qualifying_part: 2},
    ];
    const chart = await expectSnapshot("qualifying-progress.html", () =>
      QualifyingProgress(laps, {colours, width: 480}),
    );
    expect(chart.querySelectorAll("g[aria-label='dot'] circle")).toHaveLength(6);
    expect([...chart.querySelectorAll("g[aria-label='text'] text")].map((text) => text.textContent)).toEqual([
      "Q2",
      "Q3",
    ]);
  });
});
