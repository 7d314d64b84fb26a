// @vitest-environment jsdom
import * as Inputs from "@observablehq/inputs";
import {describe, expect, it} from "vitest";
import type {RaceSummaryData} from "../../src/components/race-summary.js";
import {drawRaceReport} from "./race-report.js";
import {readPageSource, toPrecomputed} from "./test-answers.js";

const markdown = readPageSource("race");

const answers = (columns: Record<string, Record<string, unknown[]>>) => toPrecomputed(markdown, columns);

const summary: RaceSummaryData = {
  source: "template",
  reason: "no API key configured",
  model: null,
  paragraphs: ["AAA won."],
  moments: [],
  facts: {},
};

const drivers = {
  driver: ["AAA", "BBB", "CCC", "DDD"],
  driver_number: [1, 2, 3, 4],
  team_name: ["McLaren", "McLaren", "Ferrari", "Ferrari"],
  team_colour: ["FF8000", "FF8000", "E8002D", "E8002D"],
};
const info = {
  session_name: ["Race"],
  meeting_name: ["Test Grand Prix"],
  meeting_official_name: ["FORMULA 1 TEST GRAND PRIX 2025"],
  circuit_short_name: ["Testville"],
  location: ["Testville"],
  country_name: ["Nowhere"],
  year: [2025],
  day: ["2025-05-04"],
  total_laps: [2],
};
const present = (tables: string[]) => ({
  table_name: tables,
  status: tables.map(() => "present"),
  row_count: tables.map(() => 1),
  reason: tables.map(() => null as string | null),
  source_topics: tables.map(() => "TimingData"),
});
const lapChartRows = {
  lap_number: [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2],
  position: [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4],
  source: Array(12).fill("timing"),
  driver: ["BBB", "AAA", "CCC", "DDD", "AAA", "BBB", "CCC", "DDD", "AAA", "CCC", "BBB", "DDD"],
};
const classification = {
  position: [1, 2, 3, 4],
  driver_number: [1, 3, 2, 4],
  driver: ["AAA", "CCC", "BBB", "DDD"],
  team: ["McLaren", "Ferrari", "McLaren", "Ferrari"],
  team_colour: ["FF8000", "E8002D", "FF8000", "E8002D"],
  number_of_laps: [2, 2, 2, 1],
  status: ["Finished", "Finished", "Finished", "Retired"],
  gap_to_leader_s: [0, 1.5, 2.25, null],
  laps_behind_leader: [0, 0, 0, 1],
  best_lap_duration: [90.1, 90.5, 90.9, 92],
};

describe("drawRaceReport", () => {
  it("draws the first screen from the build's answers to the page's own cells", () => {
    const drawing = drawRaceReport({
      markdown,
      session: "2025-test-grand-prix-race",
      precomputed: answers({
        availability: present(["drivers", "lap_chart", "classification"]),
        info,
        driverList: drivers,
        classification,
        lapChartRows,
      }),
      summary,
      Inputs,
    });
    expect([...drawing.keys()]).toEqual([
      "title",
      "lede",
      "summary",
      "classification",
      "highlight",
      "lap-chart",
    ]);
    expect(drawing.get("title")).toBe("Test Grand Prix 2025: Race");
    expect((drawing.get("lede") as Element).textContent).toBe(
      "FORMULA 1 TEST GRAND PRIX 2025 · Testville (Nowhere) · 2025-05-04 · 2 laps",
    );
    expect((drawing.get("summary") as Element).textContent).toContain("AAA won.");
    const rows = (drawing.get("classification") as Element).querySelectorAll("tbody tr");
    expect([...rows].map((row) => row.querySelector("td:nth-child(3)")?.textContent)).toEqual([
      "AAA",
      "CCC",
      "BBB",
      "DDD",
    ]);
    // The picker and the chart default to the first three on the grid, lap 0.
    const picked = [...(drawing.get("highlight") as Element).querySelectorAll("option")].filter(
      (option) => option.selected,
    );
    expect(picked.map((option) => option.textContent)).toEqual(["BBB", "AAA", "CCC"]);
    const chart = drawing.get("lap-chart") as Element;
    expect(chart.querySelectorAll("g[aria-label='line'] path")).toHaveLength(4);
    expect(chart.querySelector("svg")?.getAttribute("width")).toBe("704");
    expect(chart.querySelector("#lap-chart-source")?.textContent).toContain("from TimingData");
  });

  it("says why a section is missing, as the live cell does", () => {
    const absent = {
      table_name: ["lap_chart"],
      status: ["absent"],
      row_count: [0],
      reason: ["The archive has no TimingData."],
      source_topics: ["TimingData"],
    };
    const drawing = drawRaceReport({
      markdown,
      session: "2025-test-grand-prix-race",
      precomputed: answers({
        availability: absent,
        info,
        driverList: drivers,
        classification,
        lapChartRows: {
          lap_number: [] as number[],
          position: [] as number[],
          source: [] as string[],
          driver: [] as string[],
        },
      }),
      summary,
      Inputs,
    });
    expect((drawing.get("lap-chart") as Element).textContent).toBe(
      "No lap chart: The archive has no TimingData.",
    );
  });

  it("names the cell the build did not answer", () => {
    expect(() =>
      drawRaceReport({
        markdown,
        session: "s",
        precomputed: answers({availability: present([]), info}),
        summary,
        Inputs,
      }),
    ).toThrow(/did not answer the page's "driverList" cell/);
  });
});
