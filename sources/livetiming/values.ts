// Small readers for the loosely typed values of the feed: numbers sent as strings, flags sent as "true",
// times sent as "1:23.456". They return null rather than guessing.
import {parseLapTime} from "../../src/sport/lap-time.js";

/** A string field, or null when absent or empty. */
export function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** An integer from a number or a numeric string ("12"), or null. */
export function integer(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) ? value : Math.round(value);
  if (typeof value !== "string" || value.trim() === "") return null;
  const number = Number(value);
  return Number.isFinite(number) ? Math.round(number) : null;
}

/** A decimal from a number or a numeric string ("25.9"), or null. */
export function decimal(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || value.trim() === "") return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** A flag sent as true/false, "true"/"false" or "1"/"0", or null. */
export function flag(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "1" || value === 1) return true;
  if (value === "false" || value === "0" || value === 0) return false;
  return null;
}

/** A lap or sector time ("1:23.456", "23.456") in seconds, or null. */
export function seconds(value: unknown): number | null {
  return typeof value === "string" ? parseLapTime(value) : null;
}
