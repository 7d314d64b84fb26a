import type {ClassifiedDriver} from "../../src/components/classification-table.js";
import {toDriverColours, type DriverIdentity} from "../../src/components/driver-colours.js";
import type {RaceSummaryData} from "../../src/components/race-summary.js";
import type {PrecomputedResults} from "../../src/notebook/precomputed-sql.js";
import {
  ClassificationSection,
  HighlightSelect,
  LapChartSection,
  ReportLede,
  SummarySection,
  toDefaultHighlight,
  toGridOrder,
  toReportTitle,
  type InputsLike,
  type LapChartRow,
  type ReportSession,
} from "../../src/notebook/race-report.js";
import {toMissingReasons} from "../../src/notebook/session-database.js";
import type {Availability} from "../../src/notebook/table-database.js";
import {readCellAnswers} from "./answers.js";
import {PRERENDER_WIDTH} from "./page-width.js";

// The race report's first screen, drawn at build time the way the page's cells draw it: the same SQL cells'
// results (the build's answers, as the page gets them), the same functions (src/notebook/race-report.ts).

export interface RaceReportInputs {
  /** The page's Markdown (src/pages/race/[session].md): the SQL cells' text is the key to their results. */
  markdown: string;
  /** The session's id, the page's title when session_info is absent. */
  session: string;
  precomputed: PrecomputedResults;
  summary: RaceSummaryData;
  Inputs: InputsLike;
  width?: number;
}

/** Marker name → element or text, for each part of the first screen. Throws when a cell was not answered. */
export function drawRaceReport({
  markdown,
  session: sessionId,
  precomputed,
  summary,
  Inputs,
  width = PRERENDER_WIDTH,
}: RaceReportInputs): Map<string, Element | string> {
  const {table, rows} = readCellAnswers(markdown, precomputed);
  const missing = toMissingReasons(rows<Availability>("availability"));
  const session = (table("info").get(0) ?? null) as unknown as ReportSession | null;
  const colours = toDriverColours(rows<DriverIdentity>("driverList"), session?.year);
  const lapChart = rows<LapChartRow>("lapChartRows");
  const gridOrder = toGridOrder(lapChart);
  return new Map<string, Element | string>([
    ["title", toReportTitle(session, sessionId)],
    ["lede", ReportLede(session, missing)],
    ["summary", SummarySection(summary)],
    ["classification", ClassificationSection(rows<ClassifiedDriver>("classification"), missing)],
    ["highlight", HighlightSelect(Inputs, gridOrder)],
    [
      "lap-chart",
      LapChartSection(lapChart, {colours, highlight: toDefaultHighlight(gridOrder), width}, missing),
    ],
  ]);
}
