import {addCell, createTable} from "./html-table.js";

/** A pit stop as the race report's SQL cell returns it. */
export interface PitStop {
  driver: string;
  driver_number: number;
  stop_number: number;
  lap_number: number | null;
  pit_duration: number | null;
  /** Compound fitted at the stop, where the stints say. */
  compound_after?: string | null;
}

export interface PitTableOptions {
  document?: Document;
}

/** Pit stops in lap order: driver, stop number, lap, time in the pit lane (entry to exit) and the tyre fitted. */
export function PitTable(
  stops: readonly PitStop[],
  {document: doc = globalThis.document}: PitTableOptions = {},
) {
  const {table, body} = createTable(doc, "pit-table", ["Lap", "Driver", "Stop", "Pit lane", "Fitted"]);
  const sorted = [...stops].sort(
    (a, b) => (a.lap_number ?? Infinity) - (b.lap_number ?? Infinity) || a.driver.localeCompare(b.driver),
  );
  for (const stop of sorted) {
    const row = body.insertRow();
    row.dataset.driverNumber = String(stop.driver_number);
    addCell(row, "lap_number", stop.lap_number, stop.lap_number == null ? "" : String(stop.lap_number));
    addCell(row, "driver", stop.driver, stop.driver);
    addCell(row, "stop_number", stop.stop_number, String(stop.stop_number));
    addCell(
      row,
      "pit_duration",
      stop.pit_duration,
      stop.pit_duration == null ? "" : `${stop.pit_duration.toFixed(1)} s`,
    );
    addCell(row, "compound_after", stop.compound_after ?? null, stop.compound_after ?? "");
  }
  return table;
}
