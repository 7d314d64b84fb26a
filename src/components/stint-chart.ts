import * as Plot from "npm:@observablehq/plot";
import {compoundScale} from "../sport/compounds.js";

/** A stint to draw: the driver, its laps and its tyre. */
export interface StintBar {
  driver: string;
  lap_start: number | null;
  lap_end: number | null;
  compound: string | null;
  is_new?: boolean | null;
  tyre_age_at_start?: number | null;
}

export interface StintChartOptions extends Plot.PlotOptions {
  /** Drivers top to bottom, e.g. in finishing order; defaults to the order they first appear. */
  order?: readonly string[];
}

/**
 * Tyre stints as bars along the lap axis, one row per driver, coloured by compound. A used set is drawn
 * paler and labelled with its age when fitted; a new set is labelled "new".
 */
export function StintChart(stints: readonly StintBar[], {order, ...options}: StintChartOptions = {}) {
  const drawn = stints.filter((stint) => stint.lap_start != null && stint.lap_end != null);
  const domain = order ?? [...new Set(drawn.map((stint) => stint.driver))];
  // A stint covers laps lap_start..lap_end inclusive, so its bar starts at the end of the lap before.
  const x1 = (stint: StintBar) => stint.lap_start! - 1;
  return Plot.plot({
    marginLeft: 50,
    height: Math.max(120, domain.length * 22 + 40),
    x: {label: "Lap", tickFormat: "d"},
    y: {label: null, domain: [...domain]},
    color: {legend: true, ...compoundScale(drawn.map((stint) => stint.compound))},
    marks: [
      Plot.barX(drawn, {
        x1,
        x2: "lap_end",
        y: "driver",
        fill: (stint: StintBar) => stint.compound ?? "UNKNOWN",
        fillOpacity: (stint: StintBar) => (stint.is_new === false ? 0.6 : 1),
        stroke: "var(--theme-background)",
        inset: 0.5,
        tip: true,
        title: (stint: StintBar) =>
          `${stint.driver}: ${stint.compound ?? "unknown"} laps ${stint.lap_start}–${stint.lap_end}` +
          (stint.is_new == null ? "" : stint.is_new ? ", new set" : ", used set") +
          (stint.tyre_age_at_start ? ` (${stint.tyre_age_at_start} laps old)` : ""),
      }),
      Plot.text(drawn, {
        x: (stint: StintBar) => (x1(stint) + stint.lap_end!) / 2,
        y: "driver",
        text: labelTyre,
        fill: "black",
        fontSize: 9,
      }),
    ],
    ...options,
  });
}

/** "new", the age in laps when fitted ("3"), or nothing when timing did not say. */
function labelTyre(stint: StintBar): string {
  if (stint.is_new) return "new";
  return stint.tyre_age_at_start ? String(stint.tyre_age_at_start) : "";
}
