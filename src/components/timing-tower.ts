import {compoundColour} from "../sport/compounds.js";
import {formatGap} from "../sport/lap-time.js";
import {addCell, addColourBar, createTable} from "./html-table.js";

/** A car's line on the tower at the end of a lap. */
export interface TowerRow {
  position: number | null;
  driver_number: number;
  driver: string;
  team_colour?: string | null;
  gap_to_leader_s: number | null;
  laps_behind_leader?: number | null;
  interval_s?: number | null;
  compound?: string | null;
  tyre_age_laps?: number | null;
  pit_stops?: number | null;
}

export interface TimingTowerOptions {
  /** The lap the tower shows, for its caption; defaults to no caption. */
  lap?: number;
  document?: Document;
}

/** The running order as a TV-style timing tower: position, driver, gap, interval, tyre and stops. */
export function TimingTower(
  rows: readonly TowerRow[],
  {lap, document: doc = globalThis.document}: TimingTowerOptions = {},
): HTMLTableElement {
  const {table, body} = createTable(doc, "timing-tower", [
    "Pos",
    "Driver",
    "Gap",
    "Interval",
    "Tyre",
    "Stops",
  ]);
  if (lap != null) table.createCaption().textContent = `After lap ${lap}`;
  const sorted = [...rows].sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
  for (const row of sorted) {
    const tr = body.insertRow();
    tr.dataset.driverNumber = String(row.driver_number);
    addCell(tr, "position", row.position, row.position == null ? "" : String(row.position));
    addColourBar(addCell(tr, "driver", row.driver, row.driver), row.team_colour);
    const leader = row.position === 1;
    addCell(
      tr,
      "gap_to_leader_s",
      row.gap_to_leader_s,
      leader ? "Leader" : formatGap(row.gap_to_leader_s, row.laps_behind_leader),
    );
    addCell(tr, "interval_s", row.interval_s ?? null, leader ? "" : formatGap(row.interval_s));
    const tyre = addCell(
      tr,
      "compound",
      row.compound ?? null,
      row.compound
        ? `${row.compound.slice(0, 1)}${row.tyre_age_laps != null ? ` ${row.tyre_age_laps}` : ""}`
        : "",
    );
    if (row.compound) tyre.style.color = compoundColour(row.compound);
    addCell(tr, "pit_stops", row.pit_stops ?? null, row.pit_stops == null ? "" : String(row.pit_stops));
  }
  return table;
}
