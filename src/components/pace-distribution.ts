import * as Plot from "npm:@observablehq/plot";
import {formatLapTime} from "../sport/lap-time.js";
import {toColourScale, unique} from "./driver-colours.js";

/** A timed lap of a driver. */
export interface PacedLap {
  driver: string;
  lap_duration: number;
}

export interface PaceDistributionOptions extends Plot.PlotOptions {
  colours?: ReadonlyMap<string, string>;
  /** Drivers top to bottom; defaults to fastest median first. */
  order?: readonly string[];
}

/** Lap-time distribution per driver: a box (quartiles, median, whiskers) over the laps drawn as dots. */
export function PaceDistribution(
  laps: readonly PacedLap[],
  {colours, order, ...options}: PaceDistributionOptions = {},
) {
  const drivers = order ?? orderByMedian(laps);
  return Plot.plot({
    marginLeft: 50,
    height: Math.max(140, drivers.length * 26 + 40),
    x: {label: "Lap time", tickFormat: (seconds: number) => formatLapTime(seconds), grid: true},
    y: {label: null, domain: [...drivers]},
    color: toColourScale(unique(laps.map((lap) => lap.driver)), colours),
    marks: [
      Plot.dot(laps, {x: "lap_duration", y: "driver", fill: "driver", fillOpacity: 0.35, r: 2}),
      Plot.boxX(laps, {x: "lap_duration", y: "driver", stroke: "driver", fill: "none", r: 0}),
    ],
    ...options,
  });
}

function orderByMedian(laps: readonly PacedLap[]): string[] {
  const byDriver = new Map<string, number[]>();
  for (const lap of laps) byDriver.set(lap.driver, [...(byDriver.get(lap.driver) ?? []), lap.lap_duration]);
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  return [...byDriver].sort(([, a], [, b]) => median(a) - median(b)).map(([driver]) => driver);
}
