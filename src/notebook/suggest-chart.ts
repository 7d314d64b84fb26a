// What chart fits a query result, from its column types alone: the SQL workbench draws whatever it suggests.

/** A result column: its name and the kind of values it holds. */
export interface ResultColumn {
  name: string;
  kind: "number" | "time" | "text" | "other";
}

/** The chart to draw, with the columns on each axis; or none, with the reason in words. */
export type ChartSuggestion =
  | {kind: "line" | "dot" | "bar" | "histogram"; x: string; y: string | null; series: string | undefined}
  | {kind: "none"; reason: string};

/** The kind of a DuckDB/Arrow type name ("Int32", "Float64", "Timestamp<MILLISECOND>", "Utf8", "BIGINT"...). */
export function toColumnKind(typeName: string): ResultColumn["kind"] {
  const type = typeName.toLowerCase();
  if (/timestamp|date|time/.test(type)) return "time";
  if (/int|float|double|decimal|numeric|real/.test(type)) return "number";
  if (/utf8|varchar|string|text|char/.test(type)) return "text";
  return "other";
}

/**
 * Suggests a chart: a time or ordered number against a number is a line (one per text column's value when
 * there is one), two numbers are a scatter, a text against a number is a bar per row, a lone number a histogram.
 */
export function suggestChart(columns: readonly ResultColumn[], rowCount: number): ChartSuggestion {
  if (rowCount === 0)
    return {kind: "none", reason: "The query returned no rows, so there is nothing to draw."};
  const numbers = columns.filter((column) => column.kind === "number");
  const times = columns.filter((column) => column.kind === "time");
  const texts = columns.filter((column) => column.kind === "text");
  const series = texts[0]?.name;
  if (times.length > 0 && numbers.length > 0)
    return {kind: "line", x: times[0]!.name, y: numbers[0]!.name, series};
  if (numbers.length >= 2) {
    const [x, y] = numbers as [ResultColumn, ResultColumn];
    const ordered = /lap|round|distance|number|age|year/.test(x.name);
    return {kind: ordered ? "line" : "dot", x: x.name, y: y.name, series};
  }
  if (texts.length > 0 && numbers.length === 1) {
    if (rowCount > 60)
      return {
        kind: "none",
        reason: `${rowCount} bars would be unreadable; aggregate to fewer rows to get a chart.`,
      };
    return {kind: "bar", x: texts[0]!.name, y: numbers[0]!.name, series: undefined};
  }
  if (numbers.length === 1) return {kind: "histogram", x: numbers[0]!.name, y: null, series: undefined};
  return {
    kind: "none",
    reason: "No numeric column to draw: select a number (and a time, lap or name to draw it against).",
  };
}
