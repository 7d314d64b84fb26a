import * as Plot from "npm:@observablehq/plot";
import {pickLastOfEach, toColourScale, unique} from "./driver-colours.js";

/** A driver's running position after a lap; lap 0 is the starting grid. */
export interface LapPosition {
  lap_number: number;
  position: number;
  driver: string;
}

export interface LapChartOptions extends Plot.PlotOptions {
  /** Colour of each driver, e.g. from toDriverColours; defaults to Plot's categorical scheme. */
  colours?: ReadonlyMap<string, string>;
  /** Drivers drawn bold; the others are faded. Defaults to none (all drawn alike). */
  highlight?: readonly string[];
}

/** Position against lap, one line per driver, leader on top, names at both ends of each line. */
export function LapChart(
  rows: readonly LapPosition[],
  {colours, highlight, ...options}: LapChartOptions = {},
) {
  const sorted = [...rows].sort((a, b) => a.driver.localeCompare(b.driver) || a.lap_number - b.lap_number);
  const drivers = unique(sorted.map((row) => row.driver));
  const starts = pickLastOfEach([...sorted].reverse(), (row) => row.driver).reverse();
  const ends = pickLastOfEach(sorted, (row) => row.driver);
  const maxPosition = Math.max(1, ...rows.map((row) => row.position));
  const faded = (row: LapPosition) =>
    highlight && highlight.length > 0 && !highlight.includes(row.driver) ? 0.25 : 1;
  return Plot.plot({
    // Room for the names at the start left of the position numbers, which sit at the same height.
    marginLeft: 72,
    marginRight: 44,
    height: Math.max(240, maxPosition * 22 + 50),
    x: {label: "Lap", tickFormat: "d"},
    y: {
      label: "Position",
      reverse: true,
      domain: [1, maxPosition],
      ticks: Array.from({length: maxPosition}, (_, i) => i + 1),
      tickFormat: "d",
    },
    color: toColourScale(drivers, colours),
    marks: [
      Plot.line(sorted, {
        x: "lap_number",
        y: "position",
        z: "driver",
        stroke: "driver",
        strokeOpacity: faded,
        strokeWidth: 2,
        tip: true,
        title: (row: LapPosition) => `${row.driver}: P${row.position} after lap ${row.lap_number}`,
      }),
      Plot.text(starts, {
        x: "lap_number",
        y: "position",
        text: "driver",
        fill: "driver",
        fillOpacity: faded,
        dx: -26,
        textAnchor: "end",
      }),
      Plot.text(ends, {
        x: "lap_number",
        y: "position",
        text: "driver",
        fill: "driver",
        fillOpacity: faded,
        dx: 6,
        textAnchor: "start",
      }),
    ],
    ...options,
  });
}
