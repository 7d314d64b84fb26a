import {formatGap, formatLapTime} from "../sport/lap-time.js";

/** A classified driver, as the session overview's SQL cell returns it. */
export interface ClassifiedDriver {
  position: number | null;
  driver_number: number;
  driver: string | null;
  team: string | null;
  team_colour: string | null;
  number_of_laps: number | null;
  status: string | null;
  gap_to_leader_s: number | null;
  laps_behind_leader: number | null;
  best_lap_duration: number | null;
}

export interface ClassificationOptions {
  /** "race" shows the gap to the winner; "timed" (practice, qualifying) the best lap and gap to it. */
  kind?: "race" | "timed";
  document?: Document;
}

/**
 * The final order as an HTML table. Each number cell carries its raw value in `data-value` (and the column in
 * `data-column`), so tests and scripts read exact numbers while people read formatted times.
 */
export function ClassificationTable(
  rows: readonly ClassifiedDriver[],
  {kind = "race", document: doc = globalThis.document}: ClassificationOptions = {},
): HTMLTableElement {
  const table = doc.createElement("table");
  table.className = "classification";
  const head = table.createTHead().insertRow();
  const headings = ["Pos", "No", "Driver", "Team", "Laps", kind === "race" ? "Gap" : "Best lap", "Status"];
  if (kind === "timed") headings.splice(6, 0, "Gap");
  for (const heading of headings) head.appendChild(doc.createElement("th")).textContent = heading;
  const body = table.createTBody();
  const leaderBest = rows.find((row) => row.best_lap_duration != null)?.best_lap_duration ?? null;
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.driverNumber = String(row.driver_number);
    cell(tr, "position", row.position, row.position == null ? "NC" : String(row.position));
    cell(tr, "driver_number", row.driver_number, String(row.driver_number));
    const name = cell(tr, "driver", row.driver, row.driver ?? "");
    if (row.team_colour) name.style.borderLeft = `4px solid #${row.team_colour.replace(/^#/, "")}`;
    cell(tr, "team", row.team, row.team ?? "");
    cell(
      tr,
      "number_of_laps",
      row.number_of_laps,
      row.number_of_laps == null ? "" : String(row.number_of_laps),
    );
    if (kind === "race") {
      const leader = row.position === 1;
      cell(
        tr,
        "gap_to_leader_s",
        row.gap_to_leader_s,
        leader ? "Winner" : formatGap(row.gap_to_leader_s, row.laps_behind_leader),
      );
    } else {
      cell(tr, "best_lap_duration", row.best_lap_duration, formatLapTime(row.best_lap_duration));
      const gap =
        row.best_lap_duration != null && leaderBest != null ? row.best_lap_duration - leaderBest : null;
      cell(
        tr,
        "gap_to_best_s",
        gap == null ? null : Math.round(gap * 1000) / 1000,
        // A best lap can beat the first row's (a faster Q1 lap than the pole lap), so the gap can be negative.
        gap ? (gap < 0 ? `-${formatLapTime(-gap)}` : formatGap(gap)) : "",
      );
    }
    cell(tr, "status", row.status, row.status ?? "");
  }
  return table;
}

function cell(row: HTMLTableRowElement, column: string, value: unknown, text: string): HTMLTableCellElement {
  const td = row.insertCell();
  td.dataset.column = column;
  if (value != null) td.dataset.value = String(value);
  td.textContent = text;
  return td;
}
