import {parseLapTime} from "../../src/sport/lap-time.js";

/** A gap as timing shows it: seconds, or whole laps when lapped; the leader's own line reads "LAP n". */
export interface TimingGap {
  seconds: number | null;
  laps: number | null;
  /** The text was the leader's "LAP n" (the current lap, not a gap). */
  isLeader: boolean;
}

const NO_GAP: TimingGap = {seconds: null, laps: null, isLeader: false};

/**
 * Parses GapToLeader / IntervalToPositionAhead text: "+1.234", "+1:02.345", "1 L", "1L", "+2 LAPS",
 * or "LAP 12" (the leader's line: the lap it is on, not a gap). Empty or unknown text gives nulls.
 */
export function parseTimingGap(text: unknown): TimingGap {
  if (typeof text !== "string") return NO_GAP;
  const trimmed = text.trim();
  if (trimmed === "") return NO_GAP;
  if (/^LAP\s*\d+$/i.test(trimmed)) return {seconds: 0, laps: null, isLeader: true};
  const lapped = /^\+?(\d+)\s*(?:L|LAP|LAPS)$/i.exec(trimmed);
  if (lapped) return {seconds: null, laps: Number(lapped[1]), isLeader: false};
  const seconds = parseLapTime(trimmed);
  return seconds == null ? NO_GAP : {seconds, laps: null, isLeader: false};
}
