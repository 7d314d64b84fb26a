// The commentary's vocabulary, shared by the kernel (kernel/commentary/), the live dashboard and the race
// report: event kinds, styles and lengths, the lines the kernel streams as its `commentary` topic, and the pure
// function that applies a commentary change to that topic. No I/O.

export const COMMENTARY_STYLES = ["casual", "technical", "data"] as const;
/** How the commentary speaks: a lively broadcaster, a race engineer, or numbers first. */
export type CommentaryStyle = (typeof COMMENTARY_STYLES)[number];

export const COMMENTARY_LENGTHS = ["short", "medium", "long"] as const;
/** One sentence, two, or three to four. */
export type CommentaryLength = (typeof COMMENTARY_LENGTHS)[number];

export const STYLE_LABELS: Readonly<Record<CommentaryStyle, string>> = {
  casual: "Casual",
  technical: "Technical",
  data: "Data-focused",
};

export const LENGTH_LABELS: Readonly<Record<CommentaryLength, string>> = {
  short: "Short",
  medium: "Medium",
  long: "Long",
};

export const DEFAULT_STYLE: CommentaryStyle = "casual";
export const DEFAULT_LENGTH: CommentaryLength = "short";

export type CommentaryEventKind =
  | "start"
  | "finish"
  | "overtake"
  | "pit-position-change"
  | "pit-stop"
  | "fastest-lap"
  | "personal-best"
  | "flag"
  | "safety-car"
  | "virtual-safety-car"
  | "red-flag"
  | "track-clear"
  | "penalty"
  | "investigation"
  | "retirement"
  | "rain-start"
  | "rain-stop"
  | "closing"
  | "win-probability-swing";

/** A car as the commentary may name it: only what timing says about it. */
export interface CommentaryDriver {
  driverNumber: number;
  tla: string | null;
  /** Surname as timing's broadcast name spells it, in title case ("Piastri"). */
  name: string | null;
  team: string | null;
  position: number | null;
}

/** A fact's value: text as it will be written, or a number. */
export type FactValue = string | number;

/**
 * Something that happened, detected from the kernel's timing state; everything the commentary may say about it
 * is in `drivers`, `facts` and `context`.
 */
export interface CommentaryEvent {
  /** Stable across replays of the same session: kind plus what tells two such events apart. */
  id: string;
  kind: CommentaryEventKind;
  /** 0-100: a red flag outranks an overtake. */
  priority: number;
  /** Race lap (the lap count timing showed) when it happened. */
  lap: number | null;
  /** Session UTC, epoch ms, when the feed said. */
  utc: number | null;
  /** Milliseconds from the start of the session's stream. */
  offsetMs: number;
  /** The event in a few words, from the facts alone: "PIA passes ANT for P1". */
  headline: string;
  /** Cars involved; the first is the subject. */
  drivers: CommentaryDriver[];
  /** What happened, by name (see the detector for each kind's fields). */
  facts: Record<string, FactValue>;
  /** The race around it: session, lap of laps, leader, track status. */
  context: Record<string, FactValue>;
}

/** Where a line's words came from. */
export type CommentarySource = "claude" | "template";

/** One line of the feed: one event told in one style and length. */
export interface LiveCommentaryLine {
  /** `<event id>|<style>|<length>`. */
  id: string;
  eventId: string;
  kind: CommentaryEventKind;
  priority: number;
  style: CommentaryStyle;
  length: CommentaryLength;
  lap: number | null;
  utc: number | null;
  headline: string;
  /** Car numbers involved. */
  drivers: number[];
  source: CommentarySource;
  /** Why a template line stands in ("no API key", "API unreachable", "grounding", ...); null for Claude's lines. */
  reason: string | null;
  /** queued → streaming → done. */
  status: "queued" | "streaming" | "done";
  /** The text as it streamed, chunk by chunk: the line is their concatenation. */
  tokens: string[];
  /** Kernel time the event was detected, epoch ms with a fraction (for latency measurement). */
  detectedAt: number;
  /** Increasing: the order lines were opened in. */
  order: number;
}

/** The `commentary` topic of the live state. */
export interface LiveCommentary {
  /** By line id; at most MAX_COMMENTARY_LINES, oldest dropped first. */
  lines: Record<string, LiveCommentaryLine>;
}

/** Lines kept in the live state; older ones leave it (they stay in the capture). */
export const MAX_COMMENTARY_LINES = 200;

/** A change the commentator logs to a session (the kernel's own topic, like predictions). */
export type CommentaryChange =
  | {op: "open"; line: LiveCommentaryLine}
  | {op: "stream"; id: string}
  | {op: "append"; id: string; text: string}
  /** Starts the line's text over (a regeneration, or a template standing in), possibly with new text. */
  | {op: "replace"; id: string; source: CommentarySource; reason: string | null; tokens: string[]}
  | {op: "close"; id: string};

/** The text of a line. */
export function toCommentaryText(line: Pick<LiveCommentaryLine, "tokens">): string {
  return line.tokens.join("");
}

/** The line id of an event told in a style and length. */
export function toLineId(eventId: string, style: CommentaryStyle, length: CommentaryLength): string {
  return `${eventId}|${style}|${length}`;
}

/**
 * Applies a commentary change and returns the new topic state. Never mutates `previous`: lines it does not
 * touch are kept as they are (by reference), so the kernel's diff of the two states costs only the change.
 * A change to an unknown line is ignored (it left the window, or its open was never logged).
 */
export function applyCommentaryChange(previous: LiveCommentary | null, change: unknown): LiveCommentary {
  const lines = previous?.lines ?? {};
  if (!isChange(change)) return previous ?? {lines};
  if (change.op === "open") {
    const next = {...lines, [change.line.id]: change.line};
    const ids = Object.keys(next);
    if (ids.length > MAX_COMMENTARY_LINES) {
      const oldest = ids
        .sort((a, b) => next[a]!.order - next[b]!.order)
        .slice(0, ids.length - MAX_COMMENTARY_LINES);
      for (const id of oldest) delete next[id];
    }
    return {lines: next};
  }
  const line = lines[change.id];
  if (!line) return previous ?? {lines};
  const updated: LiveCommentaryLine =
    change.op === "stream"
      ? {...line, status: "streaming"}
      : change.op === "append"
        ? {...line, status: "streaming", tokens: [...line.tokens, change.text]}
        : change.op === "replace"
          ? {...line, source: change.source, reason: change.reason, tokens: [...change.tokens]}
          : {...line, status: "done"};
  return {lines: {...lines, [change.id]: updated}};
}

function isChange(value: unknown): value is CommentaryChange {
  if (value === null || typeof value !== "object") return false;
  const change = value as {op?: unknown; id?: unknown; line?: {id?: unknown}};
  if (change.op === "open") return typeof change.line?.id === "string";
  return (
    ["stream", "append", "replace", "close"].includes(String(change.op)) && typeof change.id === "string"
  );
}

/** Lines of one style and length, oldest first. */
export function pickCommentaryLines(
  commentary: LiveCommentary | null | undefined,
  style: CommentaryStyle,
  length: CommentaryLength,
): LiveCommentaryLine[] {
  return Object.values(commentary?.lines ?? {})
    .filter((line) => line.style === style && line.length === length)
    .sort((a, b) => a.order - b.order);
}
