import {addCell, createTable} from "../html-table.js";

/** One row of a prediction table: a driver and its probabilities (0 to 1). */
export interface PredictionRow {
  driver: string;
  team?: string | null;
  grid?: number | null;
  win: number;
  podium?: number | null;
  /** 1 when the driver won, 0 when not, null before the race. */
  won?: number | null;
}

const percent = (value: number) => `${(value * 100).toFixed(value < 0.1 ? 1 : 0)} %`;

/** A table of win (and podium) probabilities, most likely winner first; cells carry exact values. */
export function PredictionTable(
  rows: readonly PredictionRow[],
  {document: doc = document} = {},
): HTMLTableElement {
  const withPodium = rows.some((row) => row.podium != null);
  const withResult = rows.some((row) => row.won != null);
  const headings = [
    "Driver",
    "Team",
    "Grid",
    "Win",
    ...(withPodium ? ["Podium"] : []),
    ...(withResult ? ["Result"] : []),
  ];
  const {table, body} = createTable(doc, "prediction-table", headings);
  for (const row of [...rows].sort((a, b) => b.win - a.win)) {
    const tr = body.insertRow();
    addCell(tr, "driver", row.driver, row.driver);
    addCell(tr, "team", row.team ?? null, row.team ?? "");
    addCell(
      tr,
      "grid",
      row.grid ?? null,
      row.grid == null ? "—" : row.grid === 0 ? "pit lane" : String(row.grid),
    );
    addCell(tr, "win", row.win, percent(row.win));
    if (withPodium) addCell(tr, "podium", row.podium ?? null, row.podium == null ? "—" : percent(row.podium));
    if (withResult) addCell(tr, "won", row.won ?? null, row.won === 1 ? "won" : "");
  }
  return table;
}
