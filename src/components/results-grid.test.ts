// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {expectSnapshot} from "./render-snapshot.js";
import {ResultsGrid} from "./results-grid.js";

describe("ResultsGrid", () => {
  it("lays out a row per driver by total points and a column per round", async () => {
    const results = [
      {name: "AAA", round: 1, position_text: "1", points: 25, colour: "3671C6"},
      {name: "AAA", round: 2, position_text: "R", points: 0, colour: "3671C6"},
      {name: "BBB", round: 1, position_text: "2", points: 18},
      {name: "BBB", round: 2, position_text: "1", points: 25},
    ];
    const table = await expectSnapshot("results-grid.html", () =>
      ResultsGrid(results, {
        rounds: [
          {round: 1, label: "BHR"},
          {round: 2, label: "SAU"},
        ],
      }),
    );
    expect([...table.querySelectorAll("td[data-column='name']")].map((td) => td.textContent)).toEqual([
      "BBB",
      "AAA",
    ]);
    expect([...table.querySelectorAll("td[data-column='points']")].map((td) => td.textContent)).toEqual([
      "43",
      "25",
    ]);
  });
});
