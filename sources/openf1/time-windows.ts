/** One slice of a time range: [startMs, endMs), or [startMs, endMs] for the last slice. */
export interface TimeWindow {
  startMs: number;
  endMs: number;
  last: boolean;
}

/**
 * Splits [startMs, endMs] into consecutive windows of at most `windowMs`. Windows are half-open except the
 * last, so a sample on a boundary falls in exactly one window and merged results hold no duplicates.
 */
export function splitTimeRange(startMs: number, endMs: number, windowMs: number): TimeWindow[] {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) {
    throw new Error(`Bad time range ${startMs}..${endMs}: want finite epoch ms with start <= end.`);
  }
  if (!(windowMs > 0)) throw new Error(`Bad window size ${windowMs} ms: want a positive number.`);
  const windows: TimeWindow[] = [];
  for (let start = startMs; ; start += windowMs) {
    const end = Math.min(start + windowMs, endMs);
    windows.push({startMs: start, endMs: end, last: end >= endMs});
    if (end >= endMs) return windows;
  }
}
