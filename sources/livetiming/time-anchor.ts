import {parseUtc} from "../../src/sport/units.js";
import {asObject} from "./merge.js";
import type {StreamMessage} from "./stream.js";

/** The UTC time of stream offset 00:00:00.000, and how it was found. */
export interface TimeAnchor {
  /** Epoch ms, or null when nothing in the archive dates the stream. */
  streamStartMs: number | null;
  /** Topic (or topics) the estimate came from, in words. */
  source: string;
  /** Rough worst-case error in ms: 0 for exact anchors, larger for schedule-based guesses; null when unanchored. */
  uncertaintyMs: number | null;
}

/**
 * Topics that date their messages, best first. SessionData and ExtrapolatedClock carry a Utc that the
 * archive derived its offsets from: Utc − offset is the same to the millisecond on every line (and equals
 * what CarData.z/Position.z give). Heartbeat's Utc runs about 2 s later than that and freezes near the end
 * of some streams, so it comes after them. RaceControlMessages' Utc is cut to whole seconds (+0.5 s on average).
 */
const UTC_TOPICS: readonly {topic: string; uncertaintyMs: number; biasMs: number}[] = [
  {topic: "SessionData", uncertaintyMs: 0, biasMs: 0},
  {topic: "ExtrapolatedClock", uncertaintyMs: 0, biasMs: 0},
  {topic: "Heartbeat", uncertaintyMs: 2500, biasMs: 0},
  {topic: "TeamRadio", uncertaintyMs: 3000, biasMs: 0},
  {topic: "RaceControlMessages", uncertaintyMs: 1000, biasMs: 500},
];

/** Stream start candidates (Utc − offset) from every Utc/Timestamp a topic's messages carry. */
export function utcCandidates(messages: readonly StreamMessage[]): number[] {
  const candidates: number[] = [];
  for (const message of messages) {
    collectUtc(message.change, (utc) => candidates.push(utc - message.offsetMs), 0);
  }
  return candidates;
}

function collectUtc(value: unknown, found: (utc: number) => void, depth: number): void {
  const object = asObject(value) ?? (Array.isArray(value) ? value : null);
  if (!object || depth > 4) return;
  for (const [key, item] of Object.entries(object)) {
    if ((key === "Utc" || key === "Timestamp") && typeof item === "string") {
      const utc = parseUtc(item);
      // ContentStreams and others use 0001-01-01 for "no time".
      if (utc != null && utc > Date.UTC(2000, 0, 1)) found(utc);
    } else if (item !== null && typeof item === "object") {
      collectUtc(item, found, depth + 1);
    }
  }
}

/** Median of the values; a few messages carry unrelated times (e.g. "1 hour before the session"). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

export interface ScheduleHint {
  /** SessionInfo StartDate (local time, no zone). */
  startDate: string | null;
  /** SessionInfo GmtOffset, e.g. "-06:00:00". */
  gmtOffset: string | null;
  /** Offset of the first SessionStatus "Started", when known. */
  startedAtMs: number | null;
}

/**
 * Estimates the stream start: the first topic of SessionData, ExtrapolatedClock, Heartbeat, TeamRadio,
 * RaceControlMessages that dates its messages (median of Utc − offset); otherwise SessionInfo's scheduled
 * start, moved back by the offset at which SessionStatus said "Started" when that is known.
 */
export function estimateStreamStart(
  topics: ReadonlyMap<string, readonly StreamMessage[]>,
  schedule: ScheduleHint,
): TimeAnchor {
  for (const {topic, uncertaintyMs, biasMs} of UTC_TOPICS) {
    const messages = topics.get(topic);
    if (!messages) continue;
    const estimate = median(utcCandidates(messages));
    if (estimate != null) {
      return {
        streamStartMs: estimate + biasMs,
        source: `${topic} Utc (median of Utc − offset)`,
        uncertaintyMs,
      };
    }
  }
  const scheduled = scheduledStartUtc(schedule.startDate, schedule.gmtOffset);
  if (scheduled == null)
    return {streamStartMs: null, source: "none: no topic dates the stream", uncertaintyMs: null};
  if (schedule.startedAtMs != null) {
    return {
      streamStartMs: scheduled - schedule.startedAtMs,
      source: "SessionInfo StartDate, aligned with the first SessionStatus Started",
      uncertaintyMs: 10 * 60_000,
    };
  }
  return {
    streamStartMs: scheduled,
    source: "SessionInfo StartDate (the stream usually starts 15-60 minutes earlier)",
    uncertaintyMs: 90 * 60_000,
  };
}

/** SessionInfo's local StartDate and GmtOffset ("-06:00:00") as epoch ms UTC, or null. */
export function scheduledStartUtc(startDate: string | null, gmtOffset: string | null): number | null {
  const local = parseUtc(startDate);
  if (local == null) return null;
  const offset = /^([+-]?)(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(gmtOffset ?? "");
  if (!offset) return null;
  const [, sign, h, m, s = "0"] = offset;
  const offsetMs = ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
  return local - (sign === "-" ? -offsetMs : offsetMs);
}
