import * as Plot from "@observablehq/plot";

/** One car's win probability after one lap. */
export interface WinProbabilityPoint {
  lap: number;
  driver: string;
  win: number;
}

/**
 * Win probability over laps, one line per driver, labelled at its last lap when it ends at `labelAbove` or more
 * (default 2 %, so the tail of the field does not pile up at 0); `colours` maps drivers to colours (defaults to
 * Plot's categorical scheme). Other options pass through to Plot.
 */
export function WinProbabilityChart(
  points: readonly WinProbabilityPoint[],
  {
    colours,
    labelAbove = 0.02,
    ...options
  }: {colours?: Record<string, string>; labelAbove?: number} & Plot.PlotOptions = {},
): SVGSVGElement | HTMLElement {
  const drivers = [...new Set(points.map((point) => point.driver))];
  const last = drivers
    .map((driver) => points.filter((point) => point.driver === driver).at(-1)!)
    .filter((point) => point.win >= labelAbove);
  return Plot.plot({
    height: 320,
    marginRight: 48,
    x: {label: "Lap", grid: true},
    y: {label: "Win probability", domain: [0, 1], tickFormat: "%", grid: true},
    color: colours
      ? {domain: drivers, range: drivers.map((driver) => colours[driver] ?? "#888")}
      : {legend: false},
    marks: [
      Plot.ruleY([0]),
      Plot.line(points, {x: "lap", y: "win", z: "driver", stroke: "driver", strokeWidth: 1.5, tip: true}),
      Plot.text(last, {x: "lap", y: "win", text: "driver", fill: "driver", dx: 4, textAnchor: "start"}),
    ],
    ...options,
  });
}
