import type {CommentaryEventKind, FactValue} from "../sport/commentary.js";

/** The race report's summary as its loader writes it (src/data/commentary/[session].json.ts). */
export interface RaceSummaryData {
  source: "claude" | "template" | "none";
  reason: string | null;
  model: string | null;
  paragraphs: string[];
  moments: {id: string; lap: number | null; kind: CommentaryEventKind; headline: string}[];
  facts: Record<string, FactValue>;
}

export interface RaceSummaryOptions {
  document?: Document;
}

/**
 * The written post-race summary: its paragraphs, who wrote them (Claude, checked against the timing data, or
 * the templates, and why), and the key moments by lap. Set as text, never as HTML: the words may come from a
 * model.
 */
export function RaceSummary(
  summary: RaceSummaryData,
  {document: doc = globalThis.document}: RaceSummaryOptions = {},
): HTMLElement {
  const section = doc.createElement("div");
  section.className = "race-summary";
  section.dataset.source = summary.source;
  const byline = doc.createElement("p");
  byline.className = "muted race-summary-byline";
  byline.textContent =
    summary.source === "claude"
      ? `Written by Claude (${summary.model}) from this session's timing data only, and checked against it.`
      : summary.source === "template"
        ? `Written from templates (${summary.reason}), from this session's timing data only.`
        : `No summary: ${summary.reason}.`;
  section.append(byline);
  for (const text of summary.paragraphs) {
    const paragraph = doc.createElement("p");
    paragraph.className = "race-summary-text";
    paragraph.textContent = text;
    section.append(paragraph);
  }
  if (summary.moments.length > 0) {
    const list = doc.createElement("ol");
    list.className = "race-summary-moments";
    for (const moment of summary.moments) {
      const item = doc.createElement("li");
      item.dataset.kind = moment.kind;
      item.textContent = `${moment.lap != null ? `Lap ${moment.lap} · ` : ""}${moment.headline}`;
      list.append(item);
    }
    section.append(list);
  }
  return section;
}
