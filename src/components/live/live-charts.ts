import * as Plot from "npm:@observablehq/plot";
import type {LiveCarPosition, LiveState} from "../../sport/kernel-messages.js";
import {toRunningOrder} from "./timing-tower.js";

/** Gap to the leader of every car with one, as horizontal bars in running order. */
export function GapChart(drivers: LiveState["drivers"] | undefined, options: Plot.PlotOptions = {}) {
  const rows = toRunningOrder(drivers)
    .filter((driver) => driver.gapToLeaderS != null || driver.position === 1)
    .map((driver) => ({
      car: driver.tla ?? String(driver.driverNumber),
      gap: driver.gapToLeaderS ?? 0,
      colour: `#${driver.teamColour ?? "888888"}`,
    }));
  return Plot.plot({
    height: Math.max(120, rows.length * 18 + 40),
    marginLeft: 50,
    x: {label: "Gap to leader (s)", grid: true},
    y: {label: null, domain: rows.map((row) => row.car)},
    marks: [Plot.barX(rows, {x: "gap", y: "car", fill: "colour"}), Plot.ruleX([0])],
    ...options,
  });
}

/**
 * The track map: each car's latest position, over the outline its past positions trace (kept by the page
 * in `trail`, since the live state holds only the latest x/y of each car).
 */
export function TrackMap(
  positions: Record<string, LiveCarPosition> | undefined,
  trail: readonly {x: number; y: number}[],
  drivers: LiveState["drivers"] | undefined,
  options: Plot.PlotOptions = {},
) {
  const cars = Object.entries(positions ?? {}).map(([car, position]) => ({
    ...position,
    car: drivers?.[car]?.tla ?? car,
    colour: `#${drivers?.[car]?.teamColour ?? "888888"}`,
  }));
  return Plot.plot({
    aspectRatio: 1,
    axis: null,
    marks: [
      Plot.dot(trail, {x: "x", y: "y", r: 0.6, fill: "#bbb"}),
      Plot.dot(cars, {x: "x", y: "y", r: 5, fill: "colour", stroke: "white", title: "car"}),
      Plot.text(cars, {x: "x", y: "y", text: "car", dy: -9, fontSize: 9}),
    ],
    ...options,
  });
}
