import * as Plot from "npm:@observablehq/plot";
import {pickLastOfEach, toColourScale, unique} from "./driver-colours.js";

/** A driver's or constructor's championship figure after a round. */
export interface StandingPoint {
  round: number;
  name: string;
  /** Points after the round, or the gap to the leader: whatever `y` names. */
  points: number;
}

export interface PointsProgressionOptions extends Plot.PlotOptions {
  colours?: ReadonlyMap<string, string>;
  /** y-axis label; defaults to "Points". */
  label?: string;
  /** Draw the axis downwards (for gaps to the leader); defaults to false. */
  reverse?: boolean;
}

/** Championship points after every round, one line per driver or team, named at its end. */
export function PointsProgression(
  rows: readonly StandingPoint[],
  {colours, label = "Points", reverse = false, ...options}: PointsProgressionOptions = {},
) {
  const sorted = [...rows].sort((a, b) => a.name.localeCompare(b.name) || a.round - b.round);
  const names = unique(sorted.map((row) => row.name));
  return Plot.plot({
    marginLeft: 48,
    marginRight: 90,
    x: {label: "Round", tickFormat: "d"},
    y: {label, grid: true, reverse},
    color: toColourScale(names, colours),
    marks: [
      Plot.line(sorted, {
        x: "round",
        y: "points",
        z: "name",
        stroke: "name",
        strokeWidth: 1.5,
        tip: true,
        title: (row: StandingPoint) => `${row.name} after round ${row.round}: ${row.points}`,
      }),
      Plot.dot(sorted, {x: "round", y: "points", fill: "name", r: 2}),
      Plot.text(
        pickLastOfEach(sorted, (row) => row.name),
        {x: "round", y: "points", text: "name", fill: "name", dx: 6, textAnchor: "start"},
      ),
    ],
    ...options,
  });
}
