// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {RaceSummary, type RaceSummaryData} from "./race-summary.js";

const summary: RaceSummaryData = {
  source: "template",
  reason: "no API key configured",
  model: null,
  paragraphs: ["Norris won the Miami Grand Prix Sprint.", "The safety car came out on lap 15."],
  moments: [
    {id: "safety-car:deployed:15", lap: 15, kind: "safety-car", headline: "Safety car deployed"},
    {id: "finish:Sprint", lap: 18, kind: "finish", headline: "NOR wins the Sprint"},
  ],
  facts: {},
};

describe("RaceSummary", () => {
  it("says who wrote it, then the paragraphs and the moments by lap", () => {
    const element = RaceSummary(summary);
    expect(element.querySelector(".race-summary-byline")!.textContent).toBe(
      "Written from templates (no API key configured), from this session's timing data only.",
    );
    expect([...element.querySelectorAll(".race-summary-text")].map((p) => p.textContent)).toEqual(
      summary.paragraphs,
    );
    expect([...element.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "Lap 15 · Safety car deployed",
      "Lap 18 · NOR wins the Sprint",
    ]);
    const byClaude = RaceSummary({...summary, source: "claude", reason: null, model: "claude-haiku-4-5"});
    expect(byClaude.querySelector(".race-summary-byline")!.textContent).toMatch(
      /^Written by Claude \(claude-haiku-4-5\)/,
    );
  });

  it("shows a hostile summary as text", () => {
    const hostile = `<img src=x onerror="globalThis.pwned=1">`;
    const element = RaceSummary({
      ...summary,
      paragraphs: [hostile],
      moments: [{id: "x", lap: null, kind: "finish", headline: hostile}],
    });
    document.body.append(element);
    expect(element.querySelectorAll("img")).toHaveLength(0);
    expect(element.querySelector(".race-summary-text")!.textContent).toBe(hostile);
    expect((globalThis as {pwned?: number}).pwned).toBeUndefined();
    element.remove();
  });
});
