import {addCell, addColourBar, createTable} from "./html-table.js";

/** One driver's result in one round. */
export interface RoundResult {
  name: string;
  round: number;
  /** As published: "1", "R" (retired), "D" (disqualified), "W" (withdrawn)... */
  position_text: string;
  points: number;
  colour?: string | null;
}

export interface ResultsGridOptions {
  /** Round numbers with their short labels (e.g. country codes), left to right. */
  rounds: readonly {round: number; label: string}[];
  /** Heading of the total column; defaults to "Points". */
  totalLabel?: string;
  document?: Document;
}

// Podium and points places shaded as results sheets do.
function shade(positionText: string, points: number): string | null {
  if (positionText === "1") return "#f5d76e";
  if (positionText === "2") return "#d0d0d0";
  if (positionText === "3") return "#e0a96d";
  return points > 0 ? "#cfe8cf" : null;
}

/** The season's results sheet: a row per driver (by total points), a column per round, and the total. */
export function ResultsGrid(
  results: readonly RoundResult[],
  {rounds, totalLabel = "Points", document: doc = globalThis.document}: ResultsGridOptions,
): HTMLTableElement {
  const {table, body} = createTable(doc, "results-grid", [
    "Driver",
    ...rounds.map((round) => round.label),
    totalLabel,
  ]);
  const byName = new Map<string, RoundResult[]>();
  for (const result of results) byName.set(result.name, [...(byName.get(result.name) ?? []), result]);
  const totals = [...byName].map(([name, rows]) => ({
    name,
    rows,
    total: rows.reduce((sum, row) => sum + row.points, 0),
  }));
  totals.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  for (const {name, rows, total} of totals) {
    const tr = body.insertRow();
    addColourBar(addCell(tr, "name", name, name), rows[0]?.colour);
    for (const {round} of rounds) {
      const inRound = rows.filter((row) => row.round === round);
      const cell = addCell(
        tr,
        `round_${round}`,
        inRound[0]?.position_text ?? null,
        inRound.map((row) => row.position_text).join("/"),
      );
      const colour = inRound[0] ? shade(inRound[0].position_text, inRound[0].points) : null;
      if (colour) cell.style.background = colour;
    }
    addCell(tr, "points", total, String(total));
  }
  return table;
}
