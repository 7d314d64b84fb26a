/** Parses "1:23.456", "83.456", "1:02:03.456" or "+1.234" into seconds; null for "", "-" or junk. */
export function parseLapTime(text: string | null | undefined): number | null {
  if (text == null) return null;
  const match = /^\s*\+?(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return null;
  const [, hours = "0", minutes = "0", seconds = "0"] = match;
  return roundMs(Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds));
}

/** Rounds seconds to whole milliseconds, so parsed times compare exactly. */
export function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** Formats seconds as a lap time: 83.456 → "1:23.456", 9.8 → "9.800"; defaults to "" for null. */
export function formatLapTime(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return "";
  const totalMs = Math.round(Math.abs(seconds) * 1000);
  const sign = seconds < 0 ? "-" : "";
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor(totalMs / 60_000) % 60;
  const secs = ((totalMs % 60_000) / 1000).toFixed(3);
  if (hours > 0) return `${sign}${hours}:${String(minutes).padStart(2, "0")}:${secs.padStart(6, "0")}`;
  if (minutes > 0) return `${sign}${minutes}:${secs.padStart(6, "0")}`;
  return `${sign}${secs}`;
}

/** Formats a gap: 1.234 → "+1.234", laps behind → "+1 lap"/"+2 laps"; "" when neither is known. */
export function formatGap(seconds: number | null | undefined, lapsBehind?: number | null): string {
  if (lapsBehind != null && lapsBehind > 0) return `+${lapsBehind} ${lapsBehind === 1 ? "lap" : "laps"}`;
  if (seconds == null || !Number.isFinite(seconds)) return "";
  return `+${formatLapTime(seconds)}`;
}

/**
 * Parses a timing gap such as "+1.234", "1L", "+2 LAPS" or "LAP 12" (the leader's line).
 * Returns seconds or laps behind; both null when the text holds neither.
 */
export function parseGap(text: string | null | undefined): {seconds: number | null; laps: number | null} {
  if (text == null) return {seconds: null, laps: null};
  const laps = /^\s*\+?(\d+)\s*(?:L|LAP|LAPS)\s*$/i.exec(text);
  if (laps) return {seconds: null, laps: Number(laps[1])};
  return {seconds: parseLapTime(text), laps: null};
}
