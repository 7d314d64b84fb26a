import * as Plot from "npm:@observablehq/plot";
import type {ChartSuggestion} from "../notebook/suggest-chart.js";

export interface SuggestedChartOptions extends Plot.PlotOptions {
  document?: Document;
}

/** Draws the chart suggestChart picked for a query result; an element saying why when there is none. */
export function SuggestedChart(
  rows: readonly Record<string, unknown>[],
  suggestion: ChartSuggestion,
  {document: doc = globalThis.document, ...options}: SuggestedChartOptions = {},
): Element {
  if (suggestion.kind === "none") {
    const note = doc.createElement("p");
    note.className = "muted suggested-chart-none";
    note.textContent = suggestion.reason;
    return note;
  }
  const {x, y, series} = suggestion;
  const common = {document: doc, marginLeft: 60, ...options};
  switch (suggestion.kind) {
    case "line":
      return Plot.plot({
        ...common,
        color: series ? {legend: true} : undefined,
        marks: [
          Plot.lineY(rows, {x, y: y!, z: series, stroke: series, tip: true}),
          Plot.dot(rows, {x, y: y!, fill: series, r: 1.5}),
        ],
      });
    case "dot":
      return Plot.plot({
        ...common,
        grid: true,
        marks: [Plot.dot(rows, {x, y: y!, fill: series, r: 2.5, tip: true})],
      });
    case "bar":
      return Plot.plot({
        ...common,
        marginLeft: 100,
        y: {label: null},
        marks: [Plot.barX(rows, {y: x, x: y!, sort: {y: "-x"}, tip: true}), Plot.ruleX([0])],
      });
    case "histogram":
      return Plot.plot({
        ...common,
        marks: [Plot.rectY(rows, Plot.binX({y: "count"}, {x})), Plot.ruleY([0])],
      });
  }
}
