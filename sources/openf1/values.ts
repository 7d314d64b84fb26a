import {parseGap} from "../../src/sport/lap-time.js";
import type {Problem} from "../../src/sport/problems.js";
import {parseUtc} from "../../src/sport/units.js";

/** Where mapped rows come from, for problems: the session, the URL, and the list problems go to. */
export interface MapContext {
  sessionKey: number;
  /** URL (or file) the rows came from. */
  source: string;
  problems: Problem[];
}

/** Reads an OpenF1 date ("2024-09-22T12:05:37.990000+00:00", or with a space for the "T") as epoch ms. */
export function toEpochMs(value: unknown): number | null {
  return typeof value === "string" ? parseUtc(value.replace(" ", "T")) : null;
}

/** A finite number, or null. */
export function toNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** A whole number, or null. */
export function toInteger(value: unknown): number | null {
  const number = toNumber(value);
  return number == null ? null : Math.round(number);
}

/** true/false, or 1/0 as some OpenF1 fields (weather's rainfall) send them; else null. */
export function toBoolean(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (value === 1 || value === 0) return value === 1;
  return null;
}

/** A non-empty string, or null. */
export function toText(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/**
 * Reads an OpenF1 gap: a number of seconds, a string such as "+1 LAP" or "+3 LAPS" for lapped cars, or null
 * (the leader has no gap). An unreadable string is reported and read as unknown.
 */
export function toGap(
  value: unknown,
  where: {context: MapContext; field: string; label: string},
): {seconds: number | null; laps: number | null} {
  if (typeof value === "number") return {seconds: toNumber(value), laps: null};
  if (typeof value !== "string") return {seconds: null, laps: null};
  const gap = parseGap(value);
  if (gap.seconds == null && gap.laps == null) {
    where.context.problems.push({
      source: where.context.source,
      message: `${where.label}: ${where.field} ${JSON.stringify(value)} is neither seconds nor "+N LAP(S)"; read as unknown`,
    });
  }
  return gap;
}

/**
 * Keeps rows whose key fields are numbers; reports the others (by 1-based row index) and skips them.
 */
export function pickRowsWithKeys<R extends object>(
  rows: readonly R[],
  keys: readonly (keyof R)[],
  context: MapContext,
): R[] {
  const kept: R[] = [];
  rows.forEach((row, index) => {
    const missing = keys.filter((key) => typeof (row as Record<keyof R, unknown>)[key] !== "number");
    if (missing.length === 0) kept.push(row);
    else
      context.problems.push({
        source: context.source,
        message: `row ${index + 1}: no ${missing.join(", ")}; skipped`,
      });
  });
  return kept;
}
