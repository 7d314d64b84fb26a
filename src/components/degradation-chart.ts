import * as Plot from "npm:@observablehq/plot";
import {compoundScale} from "../sport/compounds.js";
import {formatLapTime} from "../sport/lap-time.js";

/** A clean lap on a stint. */
export interface StintLap {
  stint: string;
  compound: string | null;
  tyre_age_laps: number;
  lap_duration: number;
}

/** A straight line fitted through a stint's laps (see fitStintDegradation). */
export interface StintFit {
  stint: string;
  compound: string | null;
  slope_s_per_lap: number;
  intercept_s: number;
  age_min: number;
  age_max: number;
}

export interface DegradationChartOptions extends Plot.PlotOptions {
  fits?: readonly StintFit[];
}

/** Lap time against tyre age, one colour per compound, with each stint's fitted line. */
export function DegradationChart(
  laps: readonly StintLap[],
  {fits = [], ...options}: DegradationChartOptions = {},
) {
  const segments = fits.flatMap((fit) =>
    [fit.age_min, fit.age_max].map((age) => ({
      ...fit,
      tyre_age_laps: age,
      lap_duration: fit.intercept_s + fit.slope_s_per_lap * age,
    })),
  );
  return Plot.plot({
    marginLeft: 60,
    x: {label: "Tyre age (laps)", tickFormat: "d"},
    y: {label: "Lap time", grid: true, tickFormat: (seconds: number) => formatLapTime(seconds)},
    color: {legend: true, ...compoundScale([...laps, ...fits].map((row) => row.compound))},
    marks: [
      Plot.dot(laps, {
        x: "tyre_age_laps",
        y: "lap_duration",
        fill: (lap: StintLap) => lap.compound ?? "UNKNOWN",
        r: 2.5,
        tip: true,
      }),
      Plot.line(segments, {
        x: "tyre_age_laps",
        y: "lap_duration",
        z: "stint",
        stroke: (fit: StintFit) => fit.compound ?? "UNKNOWN",
        strokeWidth: 2,
      }),
    ],
    ...options,
  });
}
