import type {IntervalRow, LapRow, PitStopRow, PositionRow, StintRow} from "../../src/sport/session-tables.js";
import type {OpenF1Interval, OpenF1Lap, OpenF1Pit, OpenF1Position, OpenF1Stint} from "./types.js";
import {
  pickRowsWithKeys,
  toBoolean,
  toEpochMs,
  toGap,
  toInteger,
  toNumber,
  toText,
  type MapContext,
} from "./values.js";

/**
 * Canonical laps from OpenF1's laps. Pit-in laps, positions, gaps and tyres are not in OpenF1's lap rows;
 * the add* functions in add-lap-context.ts fill them in from the other endpoints.
 */
export function toLapRows(laps: readonly OpenF1Lap[], context: MapContext): LapRow[] {
  return pickRowsWithKeys(laps, ["driver_number", "lap_number"], context).map((lap) => ({
    session_key: lap.session_key ?? context.sessionKey,
    driver_number: lap.driver_number,
    lap_number: lap.lap_number,
    date_start: toEpochMs(lap.date_start),
    session_time_s: null,
    // A race's lap 1 usually has no lap_duration (nor sector 1): the clock starts when the lights go out,
    // behind the line, so timing publishes no time for it. Left null rather than guessed.
    lap_duration: toNumber(lap.lap_duration),
    duration_sector_1: toNumber(lap.duration_sector_1),
    duration_sector_2: toNumber(lap.duration_sector_2),
    duration_sector_3: toNumber(lap.duration_sector_3),
    i1_speed: toInteger(lap.i1_speed),
    i2_speed: toInteger(lap.i2_speed),
    // OpenF1 publishes no finish-line speed.
    fl_speed: null,
    st_speed: toInteger(lap.st_speed),
    is_pit_out_lap: toBoolean(lap.is_pit_out_lap),
    is_pit_in_lap: null,
    // OpenF1 does not flag personal bests (timing's flag also drops deleted laps, which OpenF1 cannot see).
    is_personal_best: null,
    position: null,
    gap_to_leader_s: null,
    qualifying_part: null,
    stint_number: null,
    compound: null,
    tyre_age_laps: null,
    // segments_sector_* (mini-sector colour codes 2048/2049/2051/2064, with nulls and 0 for "no data")
    // have no canonical column: they are dropped here.
  }));
}

/** Canonical pit stops, numbered per driver in time order (OpenF1 does not number them). */
export function toPitStopRows(pits: readonly OpenF1Pit[], context: MapContext): PitStopRow[] {
  const kept = pickRowsWithKeys(pits, ["driver_number"], context).map((pit) => ({
    pit,
    date: toEpochMs(pit.date),
  }));
  const ordered = [...kept].sort((a, b) => (a.date ?? Infinity) - (b.date ?? Infinity));
  const stopNumbers = new Map<OpenF1Pit, number>();
  const countByDriver = new Map<number, number>();
  for (const {pit} of ordered) {
    const count = (countByDriver.get(pit.driver_number) ?? 0) + 1;
    countByDriver.set(pit.driver_number, count);
    stopNumbers.set(pit, count);
  }
  return kept.map(({pit, date}) => ({
    session_key: pit.session_key ?? context.sessionKey,
    driver_number: pit.driver_number,
    stop_number: stopNumbers.get(pit)!,
    lap_number: toInteger(pit.lap_number),
    date,
    pit_duration: toNumber(pit.pit_duration),
  }));
}

/** Canonical stints. OpenF1 does not say whether a set was new; a set fitted at age 0 was. */
export function toStintRows(stints: readonly OpenF1Stint[], context: MapContext): StintRow[] {
  return pickRowsWithKeys(stints, ["driver_number", "stint_number"], context).map((stint) => {
    const age = toInteger(stint.tyre_age_at_start);
    return {
      session_key: stint.session_key ?? context.sessionKey,
      driver_number: stint.driver_number,
      stint_number: stint.stint_number,
      lap_start: toInteger(stint.lap_start),
      lap_end: toInteger(stint.lap_end),
      compound: toText(stint.compound)?.toUpperCase() ?? null,
      is_new: age == null ? null : age === 0,
      tyre_age_at_start: age,
    };
  });
}

/** Canonical positions: one row per position change, as OpenF1 sends them. */
export function toPositionRows(positions: readonly OpenF1Position[], context: MapContext): PositionRow[] {
  return pickRowsWithKeys(positions, ["driver_number"], context).map((row) => ({
    session_key: row.session_key ?? context.sessionKey,
    date: toEpochMs(row.date),
    session_time_s: null,
    driver_number: row.driver_number,
    position: toInteger(row.position),
  }));
}

/** Canonical intervals; "+1 LAP" strings become laps behind, and the leader's nulls stay null. */
export function toIntervalRows(intervals: readonly OpenF1Interval[], context: MapContext): IntervalRow[] {
  return pickRowsWithKeys(intervals, ["driver_number"], context).map((row) => {
    const label = `driver ${row.driver_number} at ${row.date}`;
    const leader = toGap(row.gap_to_leader, {context, field: "gap_to_leader", label});
    const ahead = toGap(row.interval, {context, field: "interval", label});
    return {
      session_key: row.session_key ?? context.sessionKey,
      date: toEpochMs(row.date),
      session_time_s: null,
      driver_number: row.driver_number,
      gap_to_leader_s: leader.seconds,
      laps_behind_leader: leader.laps,
      interval_s: ahead.seconds,
      laps_behind_ahead: ahead.laps,
    };
  });
}
