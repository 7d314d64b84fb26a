import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {
  emptyHistoryTables,
  type CircuitRow,
  type ConstructorRow,
  type ConstructorStandingRow,
  type DriverStandingRow,
  type HistoryDriverRow,
  type HistoryPitStopRow,
  type HistoryTables,
  type QualifyingRow,
  type RaceRow,
  type ResultRow,
} from "../../src/sport/history-tables.js";
import type {Problem} from "../../src/sport/problems.js";
import {readSettings, type Settings} from "../settings.js";
import {readRows, RowError, type CsvFileSpec, type ErgastRecord} from "./csv-rows.js";

/** The history tables read from an Ergast CSV dump, and the rows that were skipped. */
export interface ErgastCsvHistory {
  tables: HistoryTables;
  problems: Problem[];
}

const resultColumns = [
  "raceId",
  "driverId",
  "constructorId",
  "number",
  "grid",
  "position",
  "positionText",
  "positionOrder",
  "points",
  "laps",
  "time",
  "milliseconds",
  "fastestLap",
  "rank",
  "fastestLapTime",
  "statusId",
] as const;

const files = {
  seasons: {file: "seasons.csv", columns: ["year", "url"]},
  circuits: {
    file: "circuits.csv",
    columns: ["circuitId", "circuitRef", "name", "location", "country", "lat", "lng", "alt", "url"],
  },
  races: {
    file: "races.csv",
    columns: ["raceId", "year", "round", "circuitId", "name", "date", "time", "url"],
    // The 2025 rows at the end of races.csv were appended without the session columns: 8 fields, not 18.
    shortRowLength: 8,
  },
  drivers: {
    file: "drivers.csv",
    columns: ["driverId", "driverRef", "number", "code", "forename", "surname", "dob", "nationality", "url"],
  },
  constructors: {
    file: "constructors.csv",
    columns: ["constructorId", "constructorRef", "name", "nationality", "url"],
  },
  status: {file: "status.csv", columns: ["statusId", "status"]},
  results: {file: "results.csv", columns: resultColumns},
  sprintResults: {file: "sprint_results.csv", columns: resultColumns},
  qualifying: {
    file: "qualifying.csv",
    columns: ["raceId", "driverId", "constructorId", "number", "position", "q1", "q2", "q3"],
  },
  pitStops: {
    file: "pit_stops.csv",
    columns: ["raceId", "driverId", "stop", "lap", "time", "milliseconds"],
  },
  driverStandings: {
    file: "driver_standings.csv",
    columns: ["raceId", "driverId", "points", "position", "positionText", "wins"],
  },
  constructorStandings: {
    file: "constructor_standings.csv",
    columns: ["raceId", "constructorId", "points", "position", "positionText", "wins"],
  },
} satisfies Record<string, CsvFileSpec>;

/** The files of the dump that the reader needs. */
export const ergastCsvFileNames: readonly string[] = Object.values(files).map((spec) => spec.file);

/** The Ergast CSV folder inside the mirror (`<mirror>/ergast-csv`); throws with advice when no mirror is set. */
export function getErgastCsvFolder(settings: Pick<Settings, "mirror"> = readSettings()): string {
  if (settings.mirror === null) {
    throw new Error(
      "The Ergast CSV dump is read from <mirror>/ergast-csv, but no mirror folder is set. " +
        "Set PITWALL_MIRROR (or pitwall.config.json's mirror) to a folder holding ergast-csv/.",
    );
  }
  return join(settings.mirror, "ergast-csv");
}

/**
 * Reads an Ergast CSV dump into the canonical history tables, keyed by refs and (year, round) instead of the
 * dump's numeric ids. Malformed rows, and rows pointing at ids the dump does not define, are skipped and
 * returned as problems. Defaults to the mirror's ergast-csv folder. The dump has no lap times.
 */
export async function readErgastCsv(folder: string = getErgastCsvFolder()): Promise<ErgastCsvHistory> {
  const texts = await readTexts(folder);
  const problems: Problem[] = [];
  const read = <T>(key: keyof typeof files, toRow: (record: ErgastRecord) => T): T[] =>
    readRows(join(folder, files[key].file), texts[key], files[key], toRow, problems);
  /** Reads a table whose rows other tables point at by numeric id, indexing what each id stands for. */
  const readIndexed = <T, K>(
    key: keyof typeof files,
    idColumn: string,
    toRow: (record: ErgastRecord) => T,
    keyOf: (row: T) => K,
  ) => {
    const index = new Map<string, K>();
    const rows = read(key, (r) => {
      const row = toRow(r);
      index.set(r.requiredText(idColumn), keyOf(row));
      return row;
    });
    return {rows, index};
  };

  const circuits = readIndexed("circuits", "circuitId", toCircuitRow, (row) => row.circuit_ref);
  const races = readIndexed(
    "races",
    "raceId",
    (r) => toRaceRow(r, circuits.index),
    (row) => ({year: row.year, round: row.round}),
  );
  const drivers = readIndexed("drivers", "driverId", toDriverRow, (row) => row.driver_ref);
  const constructors = readIndexed(
    "constructors",
    "constructorId",
    toConstructorRow,
    (row) => row.constructor_ref,
  );
  const statuses = readIndexed(
    "status",
    "statusId",
    (r) => r.requiredText("status"),
    (status) => status,
  );
  const ids: IdMaps = {
    races: races.index,
    driverRefs: drivers.index,
    constructorRefs: constructors.index,
    statuses: statuses.index,
  };

  const tables = emptyHistoryTables();
  tables.seasons = read("seasons", (r) => ({year: r.requiredInt("year"), url: r.text("url")})).sort(
    (a, b) => a.year - b.year,
  );
  tables.circuits = circuits.rows;
  tables.races = races.rows.sort((a, b) => a.year - b.year || a.round - b.round);
  tables.drivers = drivers.rows;
  tables.constructors = constructors.rows;
  tables.results = read("results", (r) => toResultRow(r, ids));
  tables.sprint_results = read("sprintResults", (r) => toResultRow(r, ids));
  tables.qualifying = read("qualifying", (r) => toQualifyingRow(r, ids));
  tables.pit_stops = read("pitStops", (r) => toPitStopRow(r, ids));
  tables.driver_standings = read("driverStandings", (r) => toDriverStandingRow(r, ids));
  tables.constructor_standings = read("constructorStandings", (r) => toConstructorStandingRow(r, ids));
  return {tables, problems};
}

interface IdMaps {
  races: ReadonlyMap<string, {year: number; round: number}>;
  driverRefs: ReadonlyMap<string, string>;
  constructorRefs: ReadonlyMap<string, string>;
  statuses: ReadonlyMap<string, string>;
}

function toCircuitRow(r: ErgastRecord): CircuitRow {
  return {
    circuit_ref: r.requiredText("circuitRef"),
    circuit_name: r.text("name"),
    location: r.text("location"),
    country: r.text("country"),
    lat: r.number("lat"),
    lng: r.number("lng"),
    alt_m: r.number("alt"),
    url: r.text("url"),
  };
}

function toRaceRow(r: ErgastRecord, circuitRefs: ReadonlyMap<string, string>): RaceRow {
  return {
    year: r.requiredInt("year"),
    round: r.requiredInt("round"),
    race_name: r.text("name"),
    circuit_ref: lookUp(circuitRefs, r, "circuitId", "circuits.csv"),
    date: r.date("date"),
    date_start: r.utc("date", "time"),
    qualifying_start: r.utc("quali_date", "quali_time"),
    sprint_start: r.utc("sprint_date", "sprint_time"),
    url: r.text("url"),
  };
}

function toDriverRow(r: ErgastRecord): HistoryDriverRow {
  return {
    driver_ref: r.requiredText("driverRef"),
    permanent_number: r.int("number"),
    code: r.text("code"),
    first_name: r.text("forename"),
    last_name: r.text("surname"),
    date_of_birth: r.date("dob"),
    nationality: r.text("nationality"),
    url: r.text("url"),
  };
}

function toConstructorRow(r: ErgastRecord): ConstructorRow {
  return {
    constructor_ref: r.requiredText("constructorRef"),
    constructor_name: r.text("name"),
    nationality: r.text("nationality"),
    url: r.text("url"),
  };
}

function toResultRow(r: ErgastRecord, ids: IdMaps): ResultRow {
  const race = lookUpRace(ids.races, r);
  const rank = r.int("rank");
  return {
    year: race.year,
    round: race.round,
    driver_ref: lookUp(ids.driverRefs, r, "driverId", "drivers.csv"),
    constructor_ref: lookUp(ids.constructorRefs, r, "constructorId", "constructors.csv"),
    driver_number: r.int("number"),
    grid: r.int("grid"),
    position: classifiedPosition(r),
    position_text: r.text("positionText"),
    position_order: r.int("positionOrder"),
    points: r.number("points"),
    laps: r.int("laps"),
    time_text: r.text("time"),
    duration_ms: r.int("milliseconds"),
    fastest_lap: r.int("fastestLap"),
    // A few results without a fastest lap carry rank 0 instead of \N.
    fastest_lap_rank: rank === 0 ? null : rank,
    fastest_lap_time_s: r.lapTime("fastestLapTime"),
    status: lookUp(ids.statuses, r, "statusId", "status.csv"),
  };
}

/** The finishing position, null when not classified (positionText R, D, W...). */
function classifiedPosition(r: ErgastRecord): number | null {
  const position = r.int("position");
  // The 2025 rows, appended to the dump from the API, number retirements too.
  return /^\d+$/.test(r.text("positionText") ?? "") ? position : null;
}

function toQualifyingRow(r: ErgastRecord, ids: IdMaps): QualifyingRow {
  const race = lookUpRace(ids.races, r);
  return {
    year: race.year,
    round: race.round,
    driver_ref: lookUp(ids.driverRefs, r, "driverId", "drivers.csv"),
    constructor_ref: lookUp(ids.constructorRefs, r, "constructorId", "constructors.csv"),
    driver_number: r.int("number"),
    position: r.int("position"),
    q1_s: r.lapTime("q1"),
    q2_s: r.lapTime("q2"),
    q3_s: r.lapTime("q3"),
  };
}

function toPitStopRow(r: ErgastRecord, ids: IdMaps): HistoryPitStopRow {
  const race = lookUpRace(ids.races, r);
  const milliseconds = r.int("milliseconds");
  return {
    year: race.year,
    round: race.round,
    driver_ref: lookUp(ids.driverRefs, r, "driverId", "drivers.csv"),
    stop: r.requiredInt("stop"),
    lap: r.int("lap"),
    time_of_day: r.text("time"),
    // The duration column switches to m:ss.mmm for long stops; the milliseconds column is always exact.
    duration_s: milliseconds === null ? null : milliseconds / 1000,
  };
}

function toDriverStandingRow(r: ErgastRecord, ids: IdMaps): DriverStandingRow {
  const race = lookUpRace(ids.races, r);
  return {
    year: race.year,
    round: race.round,
    driver_ref: lookUp(ids.driverRefs, r, "driverId", "drivers.csv"),
    points: r.number("points"),
    position: r.int("position"),
    position_text: r.text("positionText"),
    wins: r.int("wins"),
  };
}

function toConstructorStandingRow(r: ErgastRecord, ids: IdMaps): ConstructorStandingRow {
  const race = lookUpRace(ids.races, r);
  return {
    year: race.year,
    round: race.round,
    constructor_ref: lookUp(ids.constructorRefs, r, "constructorId", "constructors.csv"),
    points: r.number("points"),
    position: r.int("position"),
    position_text: r.text("positionText"),
    wins: r.int("wins"),
  };
}

function lookUp(refs: ReadonlyMap<string, string>, r: ErgastRecord, column: string, file: string): string {
  const id = r.requiredText(column);
  const ref = refs.get(id);
  if (ref === undefined) throw new RowError(`${column} ${id} is not in ${file}`);
  return ref;
}

function lookUpRace(
  races: ReadonlyMap<string, {year: number; round: number}>,
  r: ErgastRecord,
): {year: number; round: number} {
  const id = r.requiredText("raceId");
  const race = races.get(id);
  if (race === undefined) throw new RowError(`raceId ${id} is not in races.csv`);
  return race;
}

async function readTexts(folder: string): Promise<Record<keyof typeof files, string>> {
  const keys = Object.keys(files) as (keyof typeof files)[];
  const reads = await Promise.allSettled(keys.map((key) => readFile(join(folder, files[key].file), "utf8")));
  const failures = reads.flatMap((read, index) =>
    read.status === "rejected"
      ? [`${files[keys[index]!].file} (${(read.reason as NodeJS.ErrnoException).code ?? read.reason})`]
      : [],
  );
  if (failures.length > 0) {
    throw new Error(
      `Cannot read ${failures.join(", ")} in ${folder}. ` +
        `The folder must hold the Ergast CSV dump (${ergastCsvFileNames.join(", ")}).`,
    );
  }
  return Object.fromEntries(
    keys.map((key, index) => [key, (reads[index] as PromiseFulfilledResult<string>).value]),
  ) as Record<keyof typeof files, string>;
}
