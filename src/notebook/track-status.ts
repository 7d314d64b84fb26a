// Track status as spans of time, and the laps each span covers: what the race report shades and the pace
// notebook filters out. Timing sends a status only when it changes, so a span lasts until the next one.

/** A track-status change as the track_status table holds it (date in epoch ms). */
export interface TrackStatusChange {
  date: number;
  status: string;
  message: string;
}

/** A stretch of time under one track status. */
export interface StatusSpan {
  start: number;
  end: number;
  status: string;
  message: string;
}

/** Neutralising statuses: 4 safety car, 5 red flag, 6 VSC deployed, 7 VSC ending. */
export const NEUTRALISED_STATUSES = ["4", "5", "6", "7"] as const;

const spanLabels: Record<string, string> = {"4": "SC", "5": "Red flag", "6": "VSC", "7": "VSC"};

/** Spans from status changes (any order); the last lasts until `endMs` (defaults to its own start). */
export function toStatusSpans(changes: readonly TrackStatusChange[], endMs?: number): StatusSpan[] {
  const sorted = [...changes].sort((a, b) => a.date - b.date);
  return sorted.map((change, i) => ({
    start: change.date,
    end: sorted[i + 1]?.date ?? Math.max(endMs ?? change.date, change.date),
    status: change.status,
    message: change.message,
  }));
}

/** A lap's start and end (epoch ms) on the race leader's clock. */
export interface LapWindow {
  lap_number: number;
  start: number;
  end: number;
}

/**
 * The lap ranges run (at least partly) under SC, VSC or a red flag, one per run of consecutive laps with the
 * same label, given each lap's time window (e.g. the leader's laps).
 */
export function toNeutralisedLaps(
  spans: readonly StatusSpan[],
  laps: readonly LapWindow[],
): {lap_start: number; lap_end: number; label: string}[] {
  const runs: {lap_start: number; lap_end: number; label: string}[] = [];
  for (const lap of [...laps].sort((a, b) => a.lap_number - b.lap_number)) {
    const span = spans.find(
      (candidate) =>
        (NEUTRALISED_STATUSES as readonly string[]).includes(candidate.status) &&
        candidate.start < lap.end &&
        candidate.end > lap.start,
    );
    if (!span) continue;
    const label = spanLabels[span.status]!;
    const previous = runs.at(-1);
    if (previous && previous.label === label && previous.lap_end === lap.lap_number - 1)
      previous.lap_end = lap.lap_number;
    else runs.push({lap_start: lap.lap_number, lap_end: lap.lap_number, label});
  }
  return runs;
}
