import * as Plot from "@observablehq/plot";

/** One bin of a calibration table (models/shared/metrics.ts). */
export interface CalibrationBinRow {
  from: number;
  to: number;
  rows: number;
  predicted: number | null;
  observed: number | null;
}

/**
 * Observed frequency against mean predicted probability per bin, dots sized by rows, over the diagonal of
 * perfect calibration. Empty bins are left out. Other options pass through to Plot.
 */
export function CalibrationChart(
  bins: readonly CalibrationBinRow[],
  options: Plot.PlotOptions = {},
): SVGSVGElement | HTMLElement {
  const filled = bins.filter((bin) => bin.rows > 0 && bin.predicted != null && bin.observed != null);
  return Plot.plot({
    width: 360,
    height: 360,
    x: {label: "Predicted probability", domain: [0, 1], tickFormat: "%", grid: true},
    y: {label: "Observed frequency", domain: [0, 1], tickFormat: "%", grid: true},
    r: {range: [2, 12]},
    marks: [
      Plot.line(
        [
          [0, 0],
          [1, 1],
        ],
        {stroke: "#999", strokeDasharray: "4,3"},
      ),
      Plot.line(filled, {x: "predicted", y: "observed", stroke: "#e10600"}),
      Plot.dot(filled, {x: "predicted", y: "observed", r: "rows", fill: "#e10600", tip: true}),
    ],
    ...options,
  });
}
