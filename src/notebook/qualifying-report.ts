import {DataTable} from "../components/data-table.js";
import {GapChart} from "../components/gap-chart.js";
import {formatGap, formatLapTime} from "../sport/lap-time.js";
import {explainMissing} from "./session-database.js";

// The qualifying notebook's first screen (title, result with the gap to pole, elimination order) as functions of
// its SQL cells' results: the page's cells call them, and so does the build, which draws that screen into the
// page's HTML (scripts/prerender/), as for the race report.

/** The qualifying notebook's `info` cell. */
export interface QualifyingSession {
  session_name: string | null;
  meeting_name: string | null;
  year: number | null;
}

/** A row of the `result` cell. */
export interface QualifyingResultRow {
  position: number | null;
  driver: string;
  team_name: string | null;
  team_colour: string | null;
  q1_duration: number | null;
  q2_duration: number | null;
  q3_duration: number | null;
  final_s: number | null;
  gap_to_pole_s: number | null;
  reached: "Q1" | "Q2" | "Q3" | null;
}

type MissingReasons = ReadonlyMap<string, string>;

const lapTime = (value: unknown) => formatLapTime(value as number | null);

/** The title after "Qualifying: ". */
export function toQualifyingTitle(session: QualifyingSession | null, fallback: string): string {
  return session ? `${session.meeting_name} ${session.year}, ${session.session_name}` : fallback;
}

/** The result sheet with each driver's Q1–Q3 times, and their gaps to pole as bars; or why there is none. */
export function QualifyingResult(
  rows: readonly QualifyingResultRow[],
  {colours, width}: {colours: ReadonlyMap<string, string>; width: number},
  missing: MissingReasons,
  doc: Document = globalThis.document,
): HTMLElement {
  if (rows.length === 0) return explainMissing("qualifying result", ["classification"], missing, doc);
  const section = doc.createElement("div");
  section.append(
    DataTable(rows, {
      className: "qualifying-result",
      document: doc,
      columns: [
        {key: "position", label: "Pos"},
        {key: "driver", label: "Driver"},
        {key: "team_name", label: "Team"},
        {key: "q1_duration", label: "Q1", format: lapTime},
        {key: "q2_duration", label: "Q2", format: lapTime},
        {key: "q3_duration", label: "Q3", format: lapTime},
        {
          key: "gap_to_pole_s",
          label: "Gap to pole",
          format: (v) => (v === 0 ? "Pole" : formatGap(v as number)),
        },
      ],
    }),
    GapChart(
      rows
        .filter((row) => row.gap_to_pole_s != null)
        .map((row) => ({driver: row.driver, gap_s: row.gap_to_pole_s!})),
      {colours, label: "Gap to pole, each driver's last timed part (s)", width, document: doc},
    ),
  );
  return section;
}

/** The parts (Q1, Q2, Q3) that some driver reached, in order. */
export function toReachedParts(rows: readonly QualifyingResultRow[]): string[] {
  return ["Q1", "Q2", "Q3"].filter((part) => rows.some((row) => row.reached === part));
}

/** Who went out in each part, and who reached the last one; or why the order is unknown. */
export function EliminationOrder(
  rows: readonly QualifyingResultRow[],
  missing: MissingReasons,
  doc: Document = globalThis.document,
): HTMLElement {
  if (rows.length === 0) return explainMissing("elimination order", ["classification"], missing, doc);
  const parts = toReachedParts(rows);
  if (parts.length < 2) {
    const none = doc.createElement("p");
    none.className = "missing";
    none.dataset.missing = "qualifying_part";
    none.textContent =
      "No elimination order: timing gave no Q1/Q2/Q3 times for this session (one-part qualifying, or times not in the archive).";
    return none;
  }
  const order = doc.createElement("div");
  order.id = "elimination";
  const line = (part: string, heading: string, names: string) => {
    const paragraph = doc.createElement("p");
    paragraph.dataset.part = part;
    const strong = doc.createElement("strong");
    strong.textContent = `${heading} ${part}:`;
    paragraph.append(strong, ` ${names}`);
    return paragraph;
  };
  const reached = (part: string) => rows.filter((row) => row.reached === part);
  for (const part of parts.slice(0, -1))
    order.append(
      line(
        part,
        "Out in",
        reached(part)
          .map((row) => `${row.driver} (P${row.position ?? "–"})`)
          .join(", "),
      ),
    );
  const last = parts.at(-1)!;
  order.append(
    line(
      last,
      "Reached",
      reached(last)
        .map((row) => row.driver)
        .join(", "),
    ),
  );
  return order;
}
