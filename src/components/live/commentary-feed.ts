import {
  pickCommentaryLines,
  toCommentaryText,
  type CommentaryLength,
  type CommentaryStyle,
  type LiveCommentary,
  type LiveCommentaryLine,
} from "../../sport/commentary.js";

export interface CommentaryFeedOptions {
  style: CommentaryStyle;
  length: CommentaryLength;
  /** Newest lines shown; defaults to 20. */
  limit?: number;
  document?: Document;
}

/**
 * The commentary feed, newest first: each line's lap, what happened, and its text as it streams in, labelled
 * with where it came from ("Claude", or "Template" with the reason). Everything is set as text, never as HTML:
 * the words come from a model. Lines carry `data-line`, `data-source` and `data-status` for tests and scripts.
 */
export function CommentaryFeed(
  commentary: LiveCommentary | null | undefined,
  {style, length, limit = 20, document: doc = globalThis.document}: CommentaryFeedOptions,
): HTMLElement {
  const feed = doc.createElement("div");
  feed.className = "commentary-feed";
  const lines = pickCommentaryLines(commentary, style, length).reverse().slice(0, limit);
  if (lines.length === 0) {
    const empty = doc.createElement("p");
    empty.className = "muted commentary-empty";
    empty.textContent = commentary
      ? "No commentary in this style yet: lines start with the next event."
      : "No commentary: the kernel writes none for this session (start it with PITWALL_COMMENTARY=on).";
    feed.append(empty);
    return feed;
  }
  // Say plainly when the newest lines are not Claude's: the reader should know what they are reading.
  const newest = lines[0]!;
  if (newest.source === "template") {
    const mode = doc.createElement("p");
    mode.className = "muted commentary-mode";
    mode.textContent = `Template commentary${newest.reason ? ` (${newest.reason})` : ""}: fixed sentences filled in from the timing data, not written by Claude.`;
    feed.append(mode);
  }
  const list = doc.createElement("ol");
  for (const line of lines) list.append(toItem(line, doc));
  feed.append(list);
  return feed;
}

function toItem(line: LiveCommentaryLine, doc: Document): HTMLLIElement {
  const item = doc.createElement("li");
  item.dataset.line = line.id;
  item.dataset.source = line.source;
  item.dataset.status = line.status;
  item.dataset.kind = line.kind;
  const meta = doc.createElement("div");
  meta.className = "commentary-meta";
  const lap = doc.createElement("span");
  lap.className = "commentary-lap";
  lap.textContent = line.lap == null ? "" : `Lap ${line.lap}`;
  const headline = doc.createElement("span");
  headline.className = "commentary-headline";
  headline.textContent = line.headline;
  const source = doc.createElement("span");
  source.className = `commentary-source commentary-source-${line.source}`;
  source.textContent = line.source === "claude" ? "Claude" : "Template";
  if (line.reason) source.title = `Template line: ${line.reason}`;
  meta.append(lap, headline, source);
  const text = doc.createElement("p");
  text.className = "commentary-text";
  text.textContent = toCommentaryText(line) || (line.status === "queued" ? "…" : "");
  if (line.status !== "done") text.classList.add("streaming");
  item.append(meta, text);
  return item;
}
