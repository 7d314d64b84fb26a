import * as Plot from "npm:@observablehq/plot";

/** Where a driver started and finished. */
export interface PositionChangeRow {
  driver: string;
  grid: number;
  finish: number;
}

export type PositionChangeOptions = Plot.PlotOptions;

/** Places gained (green, right) or lost (red, left) from the grid to the flag, in finishing order. */
export function PositionChange(rows: readonly PositionChangeRow[], options: PositionChangeOptions = {}) {
  const sorted = [...rows].sort((a, b) => a.finish - b.finish);
  const gained = (row: PositionChangeRow) => row.grid - row.finish;
  const label = (row: PositionChangeRow) => `P${row.grid} → P${row.finish}`;
  return Plot.plot({
    marginLeft: 50,
    height: Math.max(120, sorted.length * 20 + 40),
    x: {label: "Places gained", grid: true, tickFormat: "+d"},
    y: {label: null, domain: sorted.map((row) => row.driver)},
    color: {domain: ["gained", "lost", "same"], range: ["#2ca02c", "#d62728", "#999999"]},
    marks: [
      Plot.ruleX([0]),
      Plot.barX(sorted, {
        x: gained,
        y: "driver",
        fill: (row: PositionChangeRow) => (gained(row) > 0 ? "gained" : gained(row) < 0 ? "lost" : "same"),
      }),
      Plot.text(
        sorted.filter((row) => gained(row) >= 0),
        {x: gained, y: "driver", text: label, dx: 4, textAnchor: "start"},
      ),
      Plot.text(
        sorted.filter((row) => gained(row) < 0),
        {x: gained, y: "driver", text: label, dx: -4, textAnchor: "end"},
      ),
    ],
    ...options,
  });
}
