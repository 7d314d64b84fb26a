import {toDriverColours} from "../../src/components/driver-colours.js";
import type {PrecomputedResults} from "../../src/notebook/precomputed-sql.js";
import {
  EliminationOrder,
  QualifyingResult,
  toQualifyingTitle,
  type QualifyingResultRow,
  type QualifyingSession,
} from "../../src/notebook/qualifying-report.js";
import {toMissingReasons} from "../../src/notebook/session-database.js";
import type {Availability} from "../../src/notebook/table-database.js";
import {readCellAnswers} from "./answers.js";
import {PRERENDER_WIDTH} from "./page-width.js";

// The qualifying notebook's first screen, drawn at build time the way its cells draw it
// (src/notebook/qualifying-report.ts), from the build's answers to the same SQL cells.

export interface QualifyingInputs {
  markdown: string;
  session: string;
  precomputed: PrecomputedResults;
  width?: number;
}

export function drawQualifying({
  markdown,
  session: sessionId,
  precomputed,
  width = PRERENDER_WIDTH,
}: QualifyingInputs): Map<string, Element | string> {
  const {table, rows} = readCellAnswers(markdown, precomputed);
  const missing = toMissingReasons(rows<Availability>("availability"));
  const session = (table("info").get(0) ?? null) as unknown as QualifyingSession | null;
  const result = rows<QualifyingResultRow>("result");
  const colours = toDriverColours(result, session?.year);
  return new Map<string, Element | string>([
    ["title", toQualifyingTitle(session, sessionId)],
    ["result", QualifyingResult(result, {colours, width}, missing)],
    ["elimination", EliminationOrder(result, missing)],
  ]);
}
