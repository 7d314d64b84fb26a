import type {Problem} from "../../src/sport/problems.js";

/** One line of a `.jsonStream` file: when it was sent and what it carried, still unparsed. */
export interface RawLine {
  /** Milliseconds from the start of the stream. */
  offsetMs: number;
  /** 1-based line number in the file, for problem reports. */
  line: number;
  /** Everything after the timestamp: a JSON object, or a JSON string of base64 for `.z` topics. */
  payload: string;
}

/** A parsed message of one topic: a change to deep-merge into that topic's state. */
export interface StreamMessage {
  offsetMs: number;
  line: number;
  change: unknown;
}

const TIMESTAMP_LENGTH = 12; // "HH:MM:SS.mmm"

/**
 * Splits a `.jsonStream` file into timestamped lines. Tolerates the byte-order mark and CRLF; a line without a
 * valid "HH:MM:SS.mmm" prefix is skipped with a problem. Lines are returned in time order (stable), because a
 * few archives hold lines that are not.
 */
export function splitStreamLines(text: string, source: string, problems: Problem[]): RawLine[] {
  const lines: RawLine[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNumber = 0;
  let previousOffset = -1;
  let ordered = true;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    lineNumber++;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop > start) {
      const offsetMs = parseOffsetAt(text, start);
      if (offsetMs < 0 || stop - start <= TIMESTAMP_LENGTH) {
        problems.push({
          source,
          line: lineNumber,
          message: `not a "HH:MM:SS.mmm<payload>" line (${preview(text.slice(start, stop))}); skipped`,
        });
      } else {
        if (offsetMs < previousOffset) ordered = false;
        previousOffset = offsetMs;
        lines.push({offsetMs, line: lineNumber, payload: text.slice(start + TIMESTAMP_LENGTH, stop)});
      }
    }
    start = end + 1;
  }
  if (!ordered) lines.sort((a, b) => a.offsetMs - b.offsetMs || a.line - b.line);
  return lines;
}

/** Parses the JSON payload of every line; a truncated or malformed line is skipped with a problem. */
export function parseStreamLines(
  lines: readonly RawLine[],
  source: string,
  problems: Problem[],
): StreamMessage[] {
  const messages: StreamMessage[] = [];
  for (const {offsetMs, line, payload} of lines) {
    try {
      messages.push({offsetMs, line, change: JSON.parse(payload)});
    } catch (error) {
      problems.push({source, line, message: `malformed JSON (${(error as Error).message}); line skipped`});
    }
  }
  return messages;
}

/** Reads a plain `.jsonStream` file into messages in time order. */
export function parseStream(text: string, source: string, problems: Problem[]): StreamMessage[] {
  return parseStreamLines(splitStreamLines(text, source, problems), source, problems);
}

/** Parses "HH:MM:SS.mmm" at `start` into milliseconds with plain arithmetic (this runs for every line); -1 if malformed. */
export function parseOffsetAt(text: string, start: number): number {
  if (text.length < start + TIMESTAMP_LENGTH) return -1;
  if (
    text.charCodeAt(start + 2) !== 58 ||
    text.charCodeAt(start + 5) !== 58 ||
    text.charCodeAt(start + 8) !== 46
  )
    return -1;
  const h = twoDigits(text, start);
  const m = twoDigits(text, start + 3);
  const s = twoDigits(text, start + 6);
  const ms = twoDigits(text, start + 9) * 10 + digit(text, start + 11);
  if (h < 0 || m < 0 || m > 59 || s < 0 || s > 59 || ms < 0) return -1;
  return ((h * 60 + m) * 60 + s) * 1000 + ms;
}

/** Formats milliseconds as the archive's "HH:MM:SS.mmm" offset. */
export function formatOffset(offsetMs: number): string {
  const h = Math.floor(offsetMs / 3_600_000);
  const m = Math.floor(offsetMs / 60_000) % 60;
  const s = Math.floor(offsetMs / 1000) % 60;
  const ms = offsetMs % 1000;
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms, 3)}`;
}

function twoDigits(text: string, at: number): number {
  const tens = digit(text, at);
  const units = digit(text, at + 1);
  return tens < 0 || units < 0 ? -1 : tens * 10 + units;
}

function digit(text: string, at: number): number {
  const code = text.charCodeAt(at) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

function preview(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
