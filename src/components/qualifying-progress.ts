import * as Plot from "npm:@observablehq/plot";
import {formatLapTime} from "../sport/lap-time.js";
import {toColourScale, unique} from "./driver-colours.js";

/** A timed qualifying lap: when it ended, its time and the part it belonged to. */
export interface QualifyingLap {
  driver: string;
  session_time_s: number;
  lap_duration: number;
  qualifying_part: number | null;
}

export interface QualifyingProgressOptions extends Plot.PlotOptions {
  colours?: ReadonlyMap<string, string>;
}

/**
 * Every timed lap against session time, with a step line through each driver's improvements (their best so
 * far) and a rule where the first timed lap of Q2 and of Q3 began.
 */
export function QualifyingProgress(
  laps: readonly QualifyingLap[],
  {colours, ...options}: QualifyingProgressOptions = {},
) {
  const sorted = [...laps].sort(
    (a, b) => a.driver.localeCompare(b.driver) || a.session_time_s - b.session_time_s,
  );
  const improvements = toImprovements(sorted);
  const partStarts = [2, 3]
    .map((part) => ({
      part,
      start: Math.min(
        ...laps
          .filter((lap) => lap.qualifying_part === part)
          .map((lap) => lap.session_time_s - lap.lap_duration),
      ),
    }))
    .filter((part) => Number.isFinite(part.start));
  const minutes = (seconds: number) => seconds / 60;
  return Plot.plot({
    marginLeft: 60,
    x: {label: "Session time (min)"},
    y: {label: "Lap time", grid: true, tickFormat: (seconds: number) => formatLapTime(seconds)},
    color: {...toColourScale(unique(sorted.map((lap) => lap.driver)), colours), legend: true},
    marks: [
      Plot.ruleX(partStarts, {x: (part: {start: number}) => minutes(part.start), strokeDasharray: "4 3"}),
      Plot.text(partStarts, {
        x: (part: {start: number}) => minutes(part.start),
        text: (part: {part: number}) => `Q${part.part}`,
        frameAnchor: "top",
        dx: 4,
        textAnchor: "start",
      }),
      Plot.line(improvements, {
        x: (lap: QualifyingLap) => minutes(lap.session_time_s),
        y: "lap_duration",
        z: "driver",
        stroke: "driver",
        curve: "step-after",
        strokeOpacity: 0.7,
      }),
      Plot.dot(sorted, {
        x: (lap: QualifyingLap) => minutes(lap.session_time_s),
        y: "lap_duration",
        fill: "driver",
        r: 2.5,
        tip: true,
        title: (lap: QualifyingLap) =>
          `${lap.driver}: ${formatLapTime(lap.lap_duration)} (Q${lap.qualifying_part ?? "?"})`,
      }),
    ],
    ...options,
  });
}

/** Each driver's laps that beat their best so far, in time order (input sorted by driver, then time). */
function toImprovements(sorted: readonly QualifyingLap[]): QualifyingLap[] {
  const best = new Map<string, number>();
  return sorted.filter((lap) => {
    const previous = best.get(lap.driver);
    if (previous != null && lap.lap_duration >= previous) return false;
    best.set(lap.driver, lap.lap_duration);
    return true;
  });
}
