import * as Plot from "npm:@observablehq/plot";
import {formatLapTime} from "../sport/lap-time.js";
import {pickLastOfEach, toColourScale, unique} from "./driver-colours.js";

/** A driver's gap to the leader when a lap ended. */
export interface TracePoint {
  lap_number: number;
  gap_to_leader_s: number | null;
  driver: string;
}

/** Laps run behind a safety car (or a red flag), shaded on the trace. */
export interface NeutralisedSpan {
  lap_start: number;
  lap_end: number;
  label: string;
}

export interface RaceTraceOptions extends Plot.PlotOptions {
  colours?: ReadonlyMap<string, string>;
  /** SC/VSC/red-flag laps to shade; defaults to none. */
  neutralised?: readonly NeutralisedSpan[];
}

/**
 * Gap to the leader against lap, leader along the top: a line sloping down is a driver losing time.
 * Laps without a gap (lapped cars, untimed laps) break the line rather than being drawn as zero.
 */
export function RaceTrace(
  points: readonly TracePoint[],
  {colours, neutralised = [], ...options}: RaceTraceOptions = {},
) {
  const sorted = [...points].sort((a, b) => a.driver.localeCompare(b.driver) || a.lap_number - b.lap_number);
  const drivers = unique(sorted.map((point) => point.driver));
  const ends = pickLastOfEach(
    sorted.filter((point) => point.gap_to_leader_s != null),
    (point) => point.driver,
  );
  return Plot.plot({
    marginLeft: 52,
    marginRight: 44,
    x: {label: "Lap", tickFormat: "d"},
    y: {label: "Gap to leader (s)", reverse: true, grid: true},
    color: toColourScale(drivers, colours),
    marks: [
      Plot.rectX(neutralised, {
        x1: (span: NeutralisedSpan) => span.lap_start - 1,
        x2: "lap_end",
        fill: "#999",
        fillOpacity: 0.15,
      }),
      Plot.text(neutralised, {
        x: (span: NeutralisedSpan) => (span.lap_start - 1 + span.lap_end) / 2,
        frameAnchor: "top",
        text: "label",
        dy: 4,
        fill: "currentColor",
        fillOpacity: 0.6,
      }),
      Plot.ruleY([0], {strokeOpacity: 0.3}),
      Plot.line(sorted, {
        x: "lap_number",
        y: "gap_to_leader_s",
        z: "driver",
        stroke: "driver",
        strokeWidth: 1.5,
        tip: true,
        title: (point: TracePoint) =>
          `${point.driver} lap ${point.lap_number}: ${point.gap_to_leader_s === 0 ? "leader" : `+${formatLapTime(point.gap_to_leader_s)}`}`,
      }),
      Plot.text(ends, {
        x: "lap_number",
        y: "gap_to_leader_s",
        text: "driver",
        fill: "driver",
        dx: 6,
        textAnchor: "start",
      }),
    ],
    ...options,
  });
}
