import type {IntervalRow, LapRow, PitStopRow, PositionRow, StintRow} from "../../src/sport/session-tables.js";

// OpenF1's lap rows know nothing of pit-ins, positions, gaps or tyres; these derive them from the other
// canonical tables. They only read canonical rows, so any source can use them.

/** Sets is_pit_in_lap: a lap is a pit-in lap when a pit stop is logged on it (OpenF1 logs the entry lap). */
export function addPitInLaps(laps: readonly LapRow[], stops: readonly PitStopRow[]): LapRow[] {
  const inLaps = new Set(stops.map((stop) => `${stop.driver_number}:${stop.lap_number}`));
  return laps.map((lap) => ({...lap, is_pit_in_lap: inLaps.has(`${lap.driver_number}:${lap.lap_number}`)}));
}

/** Sets position: the driver's running position at the end of the lap, from the position changes. */
export function addLapPositions(laps: readonly LapRow[], positions: readonly PositionRow[]): LapRow[] {
  return addValueAtLapEnd(laps, positions, (row) => row.position, "position");
}

/** Sets gap_to_leader_s: the last gap sample at or before the end of the lap (samples come every ~4 s). */
export function addLapGaps(laps: readonly LapRow[], intervals: readonly IntervalRow[]): LapRow[] {
  return addValueAtLapEnd(laps, intervals, (row) => row.gap_to_leader_s, "gap_to_leader_s");
}

function addValueAtLapEnd<R extends {driver_number: number; date: number | null}>(
  laps: readonly LapRow[],
  rows: readonly R[],
  pick: (row: R) => number | null,
  column: "position" | "gap_to_leader_s",
): LapRow[] {
  const samples = toTimeline(rows, pick);
  const ends = lapEndTimes(laps);
  return laps.map((lap, index) => ({
    ...lap,
    [column]: valueAt(samples.get(lap.driver_number), ends[index]!) ?? lap[column],
  }));
}

/** Sets stint_number, compound and tyre_age_laps (age at the end of the lap) from the stints. */
export function addLapStints(laps: readonly LapRow[], stints: readonly StintRow[]): LapRow[] {
  return laps.map((lap) => {
    // The current stint of a live session has no lap_end yet.
    const stint = stints.find(
      (candidate) =>
        candidate.driver_number === lap.driver_number &&
        candidate.lap_start != null &&
        candidate.lap_start <= lap.lap_number &&
        (candidate.lap_end == null || lap.lap_number <= candidate.lap_end),
    );
    if (!stint) return lap;
    const age =
      stint.tyre_age_at_start == null
        ? null
        : stint.tyre_age_at_start + lap.lap_number - stint.lap_start! + 1;
    return {...lap, stint_number: stint.stint_number, compound: stint.compound, tyre_age_laps: age};
  });
}

/** When each lap ended: its start plus its duration, else the start of the driver's next lap, else null. */
function lapEndTimes(laps: readonly LapRow[]): (number | null)[] {
  const starts = new Map<string, number>();
  for (const lap of laps) {
    if (lap.date_start != null) starts.set(`${lap.driver_number}:${lap.lap_number}`, lap.date_start);
  }
  return laps.map((lap) => {
    if (lap.date_start != null && lap.lap_duration != null) return lap.date_start + lap.lap_duration * 1000;
    return starts.get(`${lap.driver_number}:${lap.lap_number + 1}`) ?? null;
  });
}

interface Sample<V> {
  date: number;
  value: V;
}

function toTimeline<R extends {driver_number: number; date: number | null}, V>(
  rows: readonly R[],
  pick: (row: R) => V | null,
): Map<number, Sample<V>[]> {
  const byDriver = new Map<number, Sample<V>[]>();
  for (const row of rows) {
    const value = pick(row);
    if (row.date == null || value == null) continue;
    let samples = byDriver.get(row.driver_number);
    if (!samples) byDriver.set(row.driver_number, (samples = []));
    samples.push({date: row.date, value});
  }
  for (const samples of byDriver.values()) samples.sort((a, b) => a.date - b.date);
  return byDriver;
}

/** The value of the last sample at or before `time` (binary search), or null. */
function valueAt<V>(samples: readonly Sample<V>[] | undefined, time: number | null): V | null {
  if (!samples || time == null) return null;
  let low = 0;
  let high = samples.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (samples[middle]!.date <= time) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found < 0 ? null : samples[found]!.value;
}
