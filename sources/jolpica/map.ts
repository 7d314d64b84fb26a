import type {z} from "zod";
import {parseLapTime} from "../../src/sport/lap-time.js";
import type {
  CircuitRow,
  ConstructorRow,
  ConstructorStandingRow,
  DriverStandingRow,
  HistoryDriverRow,
  HistoryLapTimeRow,
  HistoryPitStopRow,
  QualifyingRow,
  RaceRow,
  ResultRow,
  SeasonRow,
} from "../../src/sport/history-tables.js";
import type {
  circuitSchema,
  constructorSchema,
  constructorStandingSchema,
  driverSchema,
  driverStandingSchema,
  pitStopSchema,
  qualifyingResultSchema,
  resultSchema,
  seasonSchema,
  standingsListSchema,
  timingSchema,
  WireRace,
} from "./wire.js";

// Pure mapping from Jolpica's wire items (already checked by the schemas in wire.ts) to canonical rows.

type Wire<S extends z.ZodType> = z.infer<S>;

const toNumber = (text: string | undefined): number | null => (text === undefined ? null : Number(text));
const orNull = <T>(value: T | undefined): T | null => (value === undefined || value === "" ? null : value);

/** Epoch ms of a date ("2023-03-05") and an optional UTC time ("15:00:00Z"); null without a time. */
function toUtc(date: string | undefined, time: string | undefined): number | null {
  if (!date || !time) return null;
  const ms = Date.parse(`${date}T${time.endsWith("Z") ? time : `${time}Z`}`);
  return Number.isNaN(ms) ? null : ms;
}

export function toSeasonRow(season: Wire<typeof seasonSchema>): SeasonRow {
  return {year: Number(season.season), url: orNull(season.url)};
}

export function toCircuitRow(circuit: Wire<typeof circuitSchema>): CircuitRow {
  return {
    circuit_ref: circuit.circuitId,
    circuit_name: orNull(circuit.circuitName),
    location: orNull(circuit.Location?.locality),
    country: orNull(circuit.Location?.country),
    lat: toNumber(circuit.Location?.lat),
    lng: toNumber(circuit.Location?.long),
    // Jolpica's Location has no altitude (the CSV dump does).
    alt_m: null,
    url: orNull(circuit.url),
  };
}

export function toRaceRow(race: WireRace): RaceRow {
  return {
    year: Number(race.season),
    round: Number(race.round),
    race_name: orNull(race.raceName),
    circuit_ref: orNull(race.Circuit?.circuitId),
    date: orNull(race.date),
    date_start: toUtc(race.date, race.time),
    qualifying_start: toUtc(race.Qualifying?.date, race.Qualifying?.time),
    sprint_start: toUtc(race.Sprint?.date, race.Sprint?.time),
    url: orNull(race.url),
  };
}

export function toDriverRow(driver: Wire<typeof driverSchema>): HistoryDriverRow {
  return {
    driver_ref: driver.driverId,
    permanent_number: toNumber(driver.permanentNumber),
    code: orNull(driver.code),
    first_name: orNull(driver.givenName),
    last_name: orNull(driver.familyName),
    date_of_birth: orNull(driver.dateOfBirth),
    nationality: orNull(driver.nationality),
    url: orNull(driver.url),
  };
}

export function toConstructorRow(constructor: Wire<typeof constructorSchema>): ConstructorRow {
  return {
    constructor_ref: constructor.constructorId,
    constructor_name: orNull(constructor.name),
    nationality: orNull(constructor.nationality),
    url: orNull(constructor.url),
  };
}

/** A grand prix or sprint result; `order` is its place in the published list (Jolpica has no positionOrder). */
export function toResultRow(race: WireRace, result: Wire<typeof resultSchema>, order: number): ResultRow {
  return {
    year: Number(race.season),
    round: Number(race.round),
    driver_ref: result.Driver.driverId,
    constructor_ref: orNull(result.Constructor?.constructorId),
    driver_number: toNumber(result.number),
    grid: toNumber(result.grid),
    // Jolpica numbers every result, retirements included; the canonical position is null when not classified.
    position: /^\d+$/.test(result.positionText ?? "") ? toNumber(result.position) : null,
    position_text: orNull(result.positionText),
    position_order: order,
    points: toNumber(result.points),
    laps: toNumber(result.laps),
    time_text: orNull(result.Time?.time),
    duration_ms: toNumber(result.Time?.millis),
    fastest_lap: toNumber(result.FastestLap?.lap),
    fastest_lap_rank: toNumber(result.FastestLap?.rank),
    fastest_lap_time_s: parseLapTime(result.FastestLap?.Time?.time),
    status: orNull(result.status),
  };
}

/**
 * Jolpica also gives lapped cars a Time: how long after the winner they crossed the line, a lap or more down.
 * The canonical duration_ms is the race time of lead-lap finishers only, so it is cleared for the others.
 */
export function clearLappedDurations(rows: readonly ResultRow[]): ResultRow[] {
  const leaderLaps = new Map<string, number>();
  for (const row of rows) {
    if (row.position_order === 1 && row.laps !== null) leaderLaps.set(`${row.year}/${row.round}`, row.laps);
  }
  return rows.map((row) => {
    const laps = leaderLaps.get(`${row.year}/${row.round}`);
    const lapped = laps !== undefined && row.laps !== null && row.laps < laps;
    return lapped && row.duration_ms !== null ? {...row, duration_ms: null} : row;
  });
}

export function toQualifyingRow(race: WireRace, result: Wire<typeof qualifyingResultSchema>): QualifyingRow {
  return {
    year: Number(race.season),
    round: Number(race.round),
    driver_ref: result.Driver.driverId,
    constructor_ref: orNull(result.Constructor?.constructorId),
    driver_number: toNumber(result.number),
    position: toNumber(result.position),
    q1_s: parseLapTime(result.Q1),
    q2_s: parseLapTime(result.Q2),
    q3_s: parseLapTime(result.Q3),
  };
}

export function toLapTimeRow(
  race: WireRace,
  lap: number,
  timing: Wire<typeof timingSchema>,
): HistoryLapTimeRow {
  return {
    year: Number(race.season),
    round: Number(race.round),
    lap,
    driver_ref: timing.driverId,
    position: toNumber(timing.position),
    time_s: parseLapTime(timing.time),
  };
}

export function toPitStopRow(race: WireRace, stop: Wire<typeof pitStopSchema>): HistoryPitStopRow {
  return {
    year: Number(race.season),
    round: Number(race.round),
    driver_ref: stop.driverId,
    stop: Number(stop.stop),
    lap: toNumber(stop.lap),
    time_of_day: orNull(stop.time),
    // Long (red-flag) stops read "16:44.718"; parseLapTime takes both forms.
    duration_s: parseLapTime(stop.duration),
  };
}

type StandingsList = Wire<typeof standingsListSchema>;

export function toDriverStandingRow(
  list: StandingsList,
  standing: Wire<typeof driverStandingSchema>,
): DriverStandingRow {
  return {
    year: Number(list.season),
    round: Number(list.round),
    driver_ref: standing.Driver.driverId,
    points: toNumber(standing.points),
    position: toNumber(standing.position),
    position_text: orNull(standing.positionText),
    wins: toNumber(standing.wins),
  };
}

export function toConstructorStandingRow(
  list: StandingsList,
  standing: Wire<typeof constructorStandingSchema>,
): ConstructorStandingRow {
  return {
    year: Number(list.season),
    round: Number(list.round),
    constructor_ref: standing.Constructor.constructorId,
    points: toNumber(standing.points),
    position: toNumber(standing.position),
    position_text: orNull(standing.positionText),
    wins: toNumber(standing.wins),
  };
}
