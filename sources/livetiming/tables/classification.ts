import type {ClassificationRow} from "../../../src/sport/session-tables.js";
import {parseTimingGap} from "../gaps.js";
import {asObject} from "../merge.js";
import type {TimingDataTables} from "../timing-data.js";
import {flag, integer, seconds, text} from "../values.js";

/**
 * The final order as TimingData left it: Position, NumberOfLaps, the gap to the winner (races), the
 * Retired / Stopped / KnockedOut flags, the best lap, and each qualifying part's best lap.
 */
export function toClassificationRows(timing: TimingDataTables, sessionKey: number): ClassificationRow[] {
  const rows: ClassificationRow[] = [];
  const lines = asObject(timing.finalState.Lines) ?? {};
  for (const [key, value] of Object.entries(lines)) {
    const line = asObject(value);
    if (!line || !/^\d+$/.test(key)) continue;
    const car = Number(key);
    const partBests = timing.partBests.get(car) ?? [null, null, null];
    const partTimes = partBests.map((best) => seconds(best));
    const gap = timing.hasRaceGaps ? parseTimingGap(line.GapToLeader) : null;
    rows.push({
      session_key: sessionKey,
      driver_number: car,
      position: integer(line.Position),
      number_of_laps: integer(line.NumberOfLaps),
      status: statusOf(line),
      gap_to_leader_s: gap?.seconds ?? null,
      laps_behind_leader: gap?.laps ?? null,
      best_lap_duration: bestLap(line, partTimes),
      q1_duration: timing.sessionParts > 0 ? (partTimes[0] ?? null) : null,
      q2_duration: timing.sessionParts > 1 ? (partTimes[1] ?? null) : null,
      q3_duration: timing.sessionParts > 2 ? (partTimes[2] ?? null) : null,
    });
  }
  return rows.sort((a, b) => (a.position ?? 999) - (b.position ?? 999) || a.driver_number - b.driver_number);
}

function statusOf(line: Record<string, unknown>): string {
  if (flag(line.Retired)) return "Retired";
  if (flag(line.Stopped)) return "Stopped";
  if (flag(line.KnockedOut)) return "Knocked out";
  return "Finished";
}

/** BestLapTime at the end; qualifying resets it for each part, so fall back to the best of the parts. */
function bestLap(line: Record<string, unknown>, partTimes: (number | null)[]): number | null {
  const final = seconds(text(asObject(line.BestLapTime)?.Value));
  const parts = partTimes.filter((time): time is number => time != null);
  const candidates = final != null ? [final, ...parts] : parts;
  return candidates.length > 0 ? Math.min(...candidates) : null;
}
