// Rows straight from Arrow tables (as FileAttachment.parquet() decodes them), for the cells that should
// draw before DuckDB-WASM has started: its 35 MB module takes seconds to compile, a small Parquet file
// decodes in milliseconds.

/** The part of an Arrow table this module reads. */
export interface ArrowTable {
  numRows: number;
  toArray(): {toJSON(): Record<string, unknown>}[];
}

/** An Arrow table as plain objects (BigInt values become numbers: every count and key here fits a double). */
export function toRows(table: ArrowTable): Record<string, unknown>[] {
  return table.toArray().map((row) => {
    const value = row.toJSON();
    for (const key of Object.keys(value)) if (typeof value[key] === "bigint") value[key] = Number(value[key]);
    return value;
  });
}

/** A lap-chart row with the driver's name, as the race report draws it. */
export interface NamedLapPosition {
  lap_number: number;
  position: number;
  driver: string;
  source: string;
}

/**
 * The session's lap chart with each car named by its acronym (the car number where the driver list lacks
 * it), ordered by lap and position: the same rows as joining lap_chart to drivers in SQL.
 */
export function toNamedLapChart(lapChart: ArrowTable, drivers: ArrowTable): NamedLapPosition[] {
  const names = new Map(
    toRows(drivers).map((row) => [Number(row.driver_number), row.name_acronym as string | null]),
  );
  return toRows(lapChart)
    .map((row) => ({
      lap_number: Number(row.lap_number),
      position: Number(row.position),
      driver: names.get(Number(row.driver_number)) ?? String(row.driver_number),
      source: String(row.source),
    }))
    .sort((a, b) => a.lap_number - b.lap_number || a.position - b.position);
}
