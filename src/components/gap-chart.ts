import * as Plot from "npm:@observablehq/plot";
import {formatGap} from "../sport/lap-time.js";
import {toColourScale} from "./driver-colours.js";

/** A driver's gap to the reference (the pole, the winner, an ideal lap). */
export interface DriverGap {
  driver: string;
  gap_s: number;
}

export interface GapChartOptions extends Plot.PlotOptions {
  colours?: ReadonlyMap<string, string>;
  /** Axis label; defaults to "Gap (s)". */
  label?: string;
}

/** Horizontal bars of each driver's gap, smallest on top, labelled "+0.123". */
export function GapChart(
  gaps: readonly DriverGap[],
  {colours, label = "Gap (s)", ...options}: GapChartOptions = {},
) {
  const sorted = [...gaps].sort((a, b) => a.gap_s - b.gap_s);
  const drivers = sorted.map((gap) => gap.driver);
  return Plot.plot({
    marginLeft: 50,
    marginRight: 60,
    height: Math.max(120, drivers.length * 20 + 40),
    x: {label, grid: true},
    y: {label: null, domain: drivers},
    color: toColourScale(drivers, colours),
    marks: [
      Plot.barX(sorted, {x: "gap_s", y: "driver", fill: "driver"}),
      Plot.text(sorted, {
        x: "gap_s",
        y: "driver",
        text: (gap: DriverGap) => (gap.gap_s === 0 ? "" : formatGap(gap.gap_s)),
        dx: 4,
        textAnchor: "start",
      }),
    ],
    ...options,
  });
}
