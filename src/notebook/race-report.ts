import {ClassificationTable, type ClassifiedDriver} from "../components/classification-table.js";
import {LapChart, type LapPosition} from "../components/lap-chart.js";
import {RaceSummary, type RaceSummaryData} from "../components/race-summary.js";
import {explainMissing} from "./session-database.js";

// The race report's first screen (title, summary, classification, lap chart) as functions of its SQL cells'
// results. The page's cells call them, and so does the build, which draws that screen into the page's HTML
// (scripts/prerender/) so that it shows before the page's code has loaded: one drawing, two callers.

/** The race report's `info` cell: one row from session_info. */
export interface ReportSession {
  session_name: string | null;
  meeting_name: string | null;
  meeting_official_name: string | null;
  circuit_short_name: string | null;
  location: string | null;
  country_name: string | null;
  year: number | null;
  day: string | null;
  total_laps: number | null;
}

/** A row of the lap chart cell: the lap-chart table with driver acronyms. */
export interface LapChartRow extends LapPosition {
  source: string;
}

/** Table name → why it is absent, as toMissingReasons gives it. */
type MissingReasons = ReadonlyMap<string, string>;

export function toReportTitle(session: ReportSession | null, fallback: string): string {
  return session ? `${session.meeting_name} ${session.year}: ${session.session_name}` : fallback;
}

/** The line under the title: the event's official name, circuit, country, day and laps. */
export function ReportLede(
  session: ReportSession | null,
  missing: MissingReasons,
  doc: Document = globalThis.document,
): HTMLElement {
  if (!session) return explainMissing("session details", ["session_info"], missing, doc);
  const lede = doc.createElement("p");
  lede.className = "lede";
  const place = session.circuit_short_name ?? session.location;
  lede.textContent = [
    session.meeting_official_name ?? session.meeting_name,
    `${place} (${session.country_name})`,
    session.day,
    ...(session.total_laps ? [`${session.total_laps} laps`] : []),
  ].join(" · ");
  return lede;
}

export function SummarySection(summary: RaceSummaryData, doc: Document = globalThis.document): HTMLElement {
  const section = doc.createElement("div");
  section.id = "race-summary";
  section.append(RaceSummary(summary, {document: doc}));
  return section;
}

export function ClassificationSection(
  rows: readonly ClassifiedDriver[],
  missing: MissingReasons,
  doc: Document = globalThis.document,
): HTMLElement {
  return rows.length > 0
    ? ClassificationTable(rows, {kind: "race", document: doc})
    : explainMissing("classification", ["classification"], missing, doc);
}

/** Drivers in starting order (lap 0, or lap 1 where the grid is missing). */
export function toGridOrder(lapChart: readonly LapChartRow[]): string[] {
  return [...new Set(lapChart.filter((row) => row.lap_number <= 1).map((row) => row.driver))];
}

/** The drivers the lap chart highlights until the reader picks others: the front row and third. */
export function toDefaultHighlight(gridOrder: readonly string[]): string[] {
  return gridOrder.slice(0, 3);
}

/** The part of Observable Inputs the report uses (Framework's `Inputs`; the build passes the same package). */
export interface InputsLike {
  select(data: readonly string[], options: Record<string, unknown>): HTMLElement;
}

/** The lap chart's "Highlight" picker, the default drivers picked. */
export function HighlightSelect(Inputs: InputsLike, gridOrder: readonly string[]): HTMLElement {
  return Inputs.select(gridOrder, {
    label: "Highlight",
    multiple: true,
    value: toDefaultHighlight(gridOrder),
    width: 180,
  });
}

export interface LapChartSectionOptions {
  colours: ReadonlyMap<string, string>;
  highlight: readonly string[];
  width: number;
}

/** The lap chart and the line saying where its positions come from, or why there is none. */
export function LapChartSection(
  lapChart: readonly LapChartRow[],
  {colours, highlight, width}: LapChartSectionOptions,
  missing: MissingReasons,
  doc: Document = globalThis.document,
): HTMLElement {
  if (lapChart.length === 0) return explainMissing("lap chart", ["lap_chart"], missing, doc);
  const section = doc.createElement("div");
  const chart = doc.createElement("div");
  chart.id = "lap-chart";
  chart.append(LapChart(lapChart, {colours, highlight, width, document: doc}));
  const source = doc.createElement("p");
  source.className = "muted";
  source.id = "lap-chart-source";
  source.textContent = `Position of every car at the end of each lap (lap 0 is the grid), from ${
    lapChart[0]!.source === "lapcharts"
      ? "the lap-chart archive, because this session's timing archive has no TimingData"
      : "TimingData"
  }.`;
  section.append(chart, source);
  return section;
}
