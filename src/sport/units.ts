// Units used across PitWall. Column names carry the unit where a number could be misread (gap_s, speed_kph);
// OpenF1's own field names (lap_duration, i1_speed) keep OpenF1's units: seconds and km/h.

export const MS_PER_SECOND = 1000;
export const KPH_PER_MPS = 3.6;

/** Converts km/h to metres per second. */
export function kphToMps(kph: number): number {
  return kph / KPH_PER_MPS;
}

/** Parses "HH:MM:SS.mmm" (a stream offset or a duration) into seconds; null when malformed. */
export function parseClock(text: string): number | null {
  const match = /^(\d+):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text);
  if (!match) return null;
  const [, h, m, s, frac = ""] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + (frac ? Number(`0.${frac}`) : 0);
}

/** Parses an F1 timing UTC string (with or without "Z", up to 7 fractional digits) into epoch ms. */
export function parseUtc(text: string | null | undefined): number | null {
  if (!text) return null;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/.exec(text.trim());
  if (!match) return null;
  const [, base, frac = "", zone = "Z"] = match;
  const ms = Date.parse(`${base}${zone}`);
  if (Number.isNaN(ms)) return null;
  return ms + (frac ? Math.round(Number(`0.${frac}`) * 1000) : 0);
}

/** Formats epoch ms as an ISO UTC string with milliseconds. */
export function toIsoUtc(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
