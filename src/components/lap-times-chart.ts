import * as Plot from "npm:@observablehq/plot";
import {formatLapTime} from "../sport/lap-time.js";

/** A lap to draw: its number, time and driver; extra fields are kept for tips. */
export interface LapPoint {
  lap_number: number;
  lap_duration: number | null;
  driver: string;
}

export interface LapTimesOptions extends Plot.PlotOptions {
  /** Colour of each driver's marks, e.g. the team colour; defaults to Plot's categorical scheme. */
  colours?: ReadonlyMap<string, string>;
}

/**
 * Lap time against lap number, one colour per driver. Dots are joined only between consecutive laps, so a
 * hidden or untimed lap breaks the line instead of drawing a slope that never happened.
 */
export function LapTimesChart(laps: readonly LapPoint[], {colours, ...options}: LapTimesOptions = {}) {
  const timed = laps.filter((lap) => lap.lap_duration != null);
  const drivers = [...new Set(timed.map((lap) => lap.driver))];
  return Plot.plot({
    marginLeft: 56,
    x: {label: "Lap", tickFormat: "d"},
    y: {label: "Lap time", zero: false, tickFormat: formatTick, grid: true},
    color: {
      legend: true,
      domain: drivers,
      ...(colours ? {range: drivers.map((driver) => colours.get(driver) ?? "#888888")} : {}),
    },
    marks: [
      Plot.line(withBreaks(timed), {
        x: "lap_number",
        y: "lap_duration",
        stroke: "driver",
        strokeOpacity: 0.5,
      }),
      Plot.dot(timed, {
        x: "lap_number",
        y: "lap_duration",
        fill: "driver",
        r: 2.5,
        tip: true,
        title: (lap: LapPoint) => `${lap.driver} lap ${lap.lap_number}: ${formatLapTime(lap.lap_duration)}`,
      }),
    ],
    ...options,
  });
}

/** Whole seconds as m:ss, enough for an axis. */
function formatTick(seconds: number): string {
  return formatLapTime(Math.round(seconds)).replace(/\.000$/, "");
}

/** The laps sorted per driver, with an undefined-time point wherever lap numbers skip (Plot breaks lines there). */
function withBreaks(laps: readonly LapPoint[]): LapPoint[] {
  const sorted = [...laps].sort((a, b) => a.driver.localeCompare(b.driver) || a.lap_number - b.lap_number);
  const points: LapPoint[] = [];
  sorted.forEach((lap, i) => {
    const previous = sorted[i - 1];
    if (previous?.driver === lap.driver && lap.lap_number - previous.lap_number > 1) {
      points.push({driver: lap.driver, lap_number: lap.lap_number - 1, lap_duration: null});
    }
    points.push(lap);
  });
  return points;
}
