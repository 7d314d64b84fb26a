// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {expectSnapshot} from "../render-snapshot.js";
import {CalibrationChart} from "./calibration-chart.js";
import {PredictionTable} from "./prediction-table.js";
import {WinProbabilityChart} from "./win-probability-chart.js";

describe("model components", () => {
  it("WinProbabilityChart draws a line per driver, labelled at its last lap", async () => {
    const points = [0, 1, 2, 3].flatMap((lap) => [
      {lap, driver: "PIA", win: 0.4 + lap * 0.1},
      {lap, driver: "NOR", win: 0.3 - lap * 0.05},
    ]);
    const chart = await expectSnapshot("win-probability-chart.svg", () =>
      WinProbabilityChart(points, {colours: {PIA: "#ff8000", NOR: "#47c7fc"}, width: 500}),
    );
    expect(chart.querySelectorAll("path").length).toBeGreaterThanOrEqual(2);
    expect([...chart.querySelectorAll("text")].map((text) => text.textContent)).toContain("PIA");
  });

  it("CalibrationChart leaves out empty bins and draws the diagonal", async () => {
    const bins = [
      {from: 0, to: 0.1, rows: 900, predicted: 0.02, observed: 0.015},
      {from: 0.1, to: 0.2, rows: 40, predicted: 0.14, observed: 0.2},
      {from: 0.2, to: 0.3, rows: 0, predicted: null, observed: null},
      {from: 0.9, to: 1, rows: 12, predicted: 0.95, observed: 0.92},
    ];
    const chart = await expectSnapshot("calibration-chart.svg", () => CalibrationChart(bins));
    expect(chart.querySelectorAll("circle")).toHaveLength(3);
  });

  it("PredictionTable orders by win probability and keeps exact values in the cells", () => {
    const table = PredictionTable([
      {driver: "norris", team: "mclaren", grid: 2, win: 0.25, podium: 0.7, won: 0},
      {driver: "piastri", team: "mclaren", grid: 1, win: 0.412345, podium: 0.9, won: 1},
      {driver: "gasly", team: "alpine", grid: 0, win: 0.004, podium: 0.02, won: 0},
    ]);
    const cells = [...table.querySelectorAll("td[data-column=win]")];
    expect(cells.map((cell) => cell.getAttribute("data-value"))).toEqual(["0.412345", "0.25", "0.004"]);
    expect(cells.map((cell) => cell.textContent)).toEqual(["41 %", "25 %", "0.4 %"]);
    expect(table.querySelector("td[data-column=grid][data-value='0']")?.textContent).toBe("pit lane");
    expect(table.querySelector("td[data-column=won][data-value='1']")?.textContent).toBe("won");
  });
});
