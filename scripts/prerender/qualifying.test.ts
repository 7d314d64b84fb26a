// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {drawQualifying} from "./qualifying.js";
import {readPageSource, toPrecomputed} from "./test-answers.js";

const markdown = readPageSource("qualifying");
const info = {session_name: ["Qualifying"], meeting_name: ["Test Grand Prix"], year: [2025]};
const availability = {
  table_name: ["classification"],
  status: ["present"],
  row_count: [4],
  reason: [null as string | null],
  source_topics: ["TimingData"],
};
const result = {
  position: [1, 2, 3, 4],
  driver: ["AAA", "BBB", "CCC", "DDD"],
  team_name: ["McLaren", "Ferrari", "McLaren", "Ferrari"],
  team_colour: ["FF8000", "E8002D", "FF8000", "E8002D"],
  q1_duration: [80.5, 80.6, 80.9, 81.2],
  q2_duration: [80.1, 80.3, 80.4, null],
  q3_duration: [79.8, 79.9, null, null],
  final_s: [79.8, 79.9, 80.4, 81.2],
  gap_to_pole_s: [0, 0.1, 0.6, 1.4],
  reached: ["Q3", "Q3", "Q2", "Q1"],
};

describe("drawQualifying", () => {
  it("draws the title, the result with its gap chart, and the elimination order from the page's own cells", () => {
    const drawing = drawQualifying({
      markdown,
      session: "2025-test-grand-prix-qualifying",
      precomputed: toPrecomputed(markdown, {availability, info, result}),
    });
    expect(drawing.get("title")).toBe("Test Grand Prix 2025, Qualifying");
    const shown = drawing.get("result") as Element;
    expect([...shown.querySelectorAll("tbody tr")].map((row) => row.textContent)).toEqual([
      "1AAAMcLaren1:20.5001:20.1001:19.800Pole",
      "2BBBFerrari1:20.6001:20.3001:19.900+0.100",
      "3CCCMcLaren1:20.9001:20.400+0.600",
      "4DDDFerrari1:21.200+1.400",
    ]);
    expect(shown.querySelectorAll("svg g[aria-label='bar'] rect")).toHaveLength(4);
    expect(
      [...(drawing.get("elimination") as Element).querySelectorAll("p")].map((p) => p.textContent),
    ).toEqual(["Out in Q1: DDD (P4)", "Out in Q2: CCC (P3)", "Reached Q3: AAA, BBB"]);
  });

  it("says why there is no elimination order when timing gave one part only", () => {
    const onePart = {
      ...result,
      q2_duration: [null, null, null, null],
      q3_duration: [null, null, null, null],
      reached: ["Q1", "Q1", "Q1", "Q1"],
    };
    const drawing = drawQualifying({
      markdown,
      session: "s",
      precomputed: toPrecomputed(markdown, {availability, info, result: onePart}),
    });
    expect((drawing.get("elimination") as Element).textContent).toMatch(
      /^No elimination order: timing gave no Q1\/Q2\/Q3 times/,
    );
  });
});
