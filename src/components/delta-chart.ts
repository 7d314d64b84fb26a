import * as Plot from "npm:@observablehq/plot";

/** The time gap between two laps at a distance, with the band it is known within. */
export interface DeltaPoint {
  distance_m: number;
  delta_s: number;
  delta_low_s: number;
  delta_high_s: number;
}

export interface DeltaChartOptions extends Plot.PlotOptions {
  /** Name of the reference lap's driver (delta < 0: the compared lap is ahead). */
  reference?: string;
  compared?: string;
}

/** Delta time along the lap: a line for the estimate over a band for its uncertainty (an area plus a line). */
export function DeltaChart(
  points: readonly DeltaPoint[],
  {reference = "reference", compared = "compared", ...options}: DeltaChartOptions = {},
) {
  return Plot.plot({
    marginLeft: 56,
    height: 200,
    x: {label: "Distance (m)"},
    y: {label: `${compared} vs ${reference} (s, + = ${compared} behind)`, grid: true},
    marks: [
      Plot.ruleY([0], {strokeOpacity: 0.4}),
      Plot.areaY(points, {
        x: "distance_m",
        y1: "delta_low_s",
        y2: "delta_high_s",
        fill: "currentColor",
        fillOpacity: 0.15,
      }),
      Plot.lineY(points, {
        x: "distance_m",
        y: "delta_s",
        stroke: "currentColor",
        strokeWidth: 1.5,
        tip: true,
      }),
    ],
    ...options,
  });
}
