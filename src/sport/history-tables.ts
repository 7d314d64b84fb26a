import {defineTable, type RowOf} from "./schema.js";

// Canonical history tables (championship results since 1950). Both the Ergast CSV dump and the Jolpica API
// answer with these. Keys are Ergast's stable text refs ("max_verstappen", "red_bull", "monza") and
// (year, round), never the CSV's numeric ids, because the API does not expose those.

const year = {type: "INTEGER", doc: "Season", key: true} as const;
const round = {type: "INTEGER", doc: "Round within the season", key: true} as const;
const driverRef = {type: "VARCHAR", doc: "Driver ref, e.g. max_verstappen", key: true} as const;
const constructorRef = {type: "VARCHAR", doc: "Constructor ref, e.g. red_bull", key: true} as const;

export const seasonsTable = defineTable("seasons", "Championship seasons", {
  year,
  url: {type: "VARCHAR", doc: "Wikipedia page"},
});

export const circuitsTable = defineTable("circuits", "Circuits", {
  circuit_ref: {type: "VARCHAR", doc: "Circuit ref, e.g. monza", key: true},
  circuit_name: {type: "VARCHAR", doc: "Circuit name"},
  location: {type: "VARCHAR", doc: "Town or city"},
  country: {type: "VARCHAR", doc: "Country"},
  lat: {type: "DOUBLE", doc: "Latitude, degrees"},
  lng: {type: "DOUBLE", doc: "Longitude, degrees"},
  alt_m: {type: "DOUBLE", doc: "Altitude, metres"},
  url: {type: "VARCHAR", doc: "Wikipedia page"},
});

export const racesTable = defineTable("races", "Championship rounds", {
  year,
  round,
  race_name: {type: "VARCHAR", doc: "Race name, e.g. Italian Grand Prix"},
  circuit_ref: {type: "VARCHAR", doc: "Circuit ref"},
  date: {type: "DATE", doc: "Race day"},
  date_start: {type: "TIMESTAMP", doc: "Race start (UTC), where known"},
  qualifying_start: {type: "TIMESTAMP", doc: "Qualifying start (UTC), where known"},
  sprint_start: {type: "TIMESTAMP", doc: "Sprint start (UTC), for sprint weekends"},
  url: {type: "VARCHAR", doc: "Wikipedia page"},
});

export const historyDriversTable = defineTable("drivers", "Drivers who entered a championship race", {
  driver_ref: driverRef,
  permanent_number: {type: "INTEGER", doc: "Permanent car number (2014 onwards)"},
  code: {type: "VARCHAR", doc: "Three-letter code, e.g. VER"},
  first_name: {type: "VARCHAR", doc: "First name"},
  last_name: {type: "VARCHAR", doc: "Last name"},
  date_of_birth: {type: "DATE", doc: "Date of birth"},
  nationality: {type: "VARCHAR", doc: "Nationality"},
  url: {type: "VARCHAR", doc: "Wikipedia page"},
});

export const constructorsTable = defineTable("constructors", "Constructors", {
  constructor_ref: constructorRef,
  constructor_name: {type: "VARCHAR", doc: "Name, e.g. Red Bull"},
  nationality: {type: "VARCHAR", doc: "Nationality"},
  url: {type: "VARCHAR", doc: "Wikipedia page"},
});

const resultColumns = {
  year,
  round,
  driver_ref: driverRef,
  constructor_ref: {type: "VARCHAR", doc: "Constructor ref"},
  driver_number: {type: "INTEGER", doc: "Car number in this race"},
  grid: {type: "INTEGER", doc: "Grid position (0 = pit lane start)"},
  position: {type: "INTEGER", doc: "Finishing position (null when not classified)"},
  position_text: {
    type: "VARCHAR",
    doc: "Position as published: a number, R retired, D disqualified, W withdrawn...",
  },
  position_order: {type: "INTEGER", doc: "Order of the published result, classified or not"},
  points: {type: "DOUBLE", doc: "Points scored"},
  laps: {type: "INTEGER", doc: "Laps completed"},
  time_text: {type: "VARCHAR", doc: "Race time or gap as published, e.g. 1:34:50.616 or +5.478"},
  duration_ms: {type: "BIGINT", doc: "Race time, milliseconds (finishers on the lead lap)"},
  fastest_lap: {type: "INTEGER", doc: "Lap of the driver's fastest lap"},
  fastest_lap_rank: {type: "INTEGER", doc: "Rank of the driver's fastest lap"},
  fastest_lap_time_s: {type: "DOUBLE", doc: "Driver's fastest lap, seconds"},
  status: {type: "VARCHAR", doc: "Finished, +1 Lap, Engine, Collision..."},
} as const;

export const resultsTable = defineTable("results", "Grand prix results", resultColumns);
export const sprintResultsTable = defineTable("sprint_results", "Sprint results", resultColumns);

export const qualifyingTable = defineTable("qualifying", "Qualifying results", {
  year,
  round,
  driver_ref: driverRef,
  constructor_ref: {type: "VARCHAR", doc: "Constructor ref"},
  driver_number: {type: "INTEGER", doc: "Car number"},
  position: {type: "INTEGER", doc: "Qualifying position"},
  q1_s: {type: "DOUBLE", doc: "Q1 time, seconds"},
  q2_s: {type: "DOUBLE", doc: "Q2 time, seconds"},
  q3_s: {type: "DOUBLE", doc: "Q3 time, seconds"},
});

export const historyPitStopsTable = defineTable("pit_stops", "Pit stops (2011 onwards)", {
  year,
  round,
  driver_ref: driverRef,
  stop: {type: "INTEGER", doc: "Stop number", key: true},
  lap: {type: "INTEGER", doc: "Lap of the stop"},
  time_of_day: {type: "VARCHAR", doc: "Local time of day of the stop, HH:MM:SS"},
  duration_s: {type: "DOUBLE", doc: "Pit-lane time, seconds"},
});

export const driverStandingsTable = defineTable(
  "driver_standings",
  "Drivers' championship after every round",
  {
    year,
    round,
    driver_ref: driverRef,
    points: {type: "DOUBLE", doc: "Points after the round"},
    position: {type: "INTEGER", doc: "Championship position"},
    position_text: {type: "VARCHAR", doc: "Position as published"},
    wins: {type: "INTEGER", doc: "Wins so far"},
  },
);

export const constructorStandingsTable = defineTable(
  "constructor_standings",
  "Constructors' championship after every round",
  {
    year,
    round,
    constructor_ref: constructorRef,
    points: {type: "DOUBLE", doc: "Points after the round"},
    position: {type: "INTEGER", doc: "Championship position"},
    position_text: {type: "VARCHAR", doc: "Position as published"},
    wins: {type: "INTEGER", doc: "Wins so far"},
  },
);

export const historyLapTimesTable = defineTable(
  "lap_times",
  "Every driver's time and position on every lap",
  {
    year,
    round,
    lap: {type: "INTEGER", doc: "Lap number", key: true},
    driver_ref: driverRef,
    position: {type: "INTEGER", doc: "Running position at the end of the lap"},
    time_s: {type: "DOUBLE", doc: "Lap time, seconds"},
  },
);

export const lapChartTable = defineTable(
  "lap_chart",
  "Running order after every lap (lap 0 = grid), from lap charts",
  {
    year,
    race_slug: {
      type: "VARCHAR",
      doc: "Race as the lap chart names it, e.g. united_states_grand_prix",
      key: true,
    },
    lap: {type: "INTEGER", doc: "Lap number; 0 is the starting grid", key: true},
    position: {type: "INTEGER", doc: "Running position", key: true},
    driver_number: {type: "INTEGER", doc: "Car number"},
  },
);

/** Every history table, in the order notebooks list them. */
export const historyTables = [
  seasonsTable,
  circuitsTable,
  racesTable,
  historyDriversTable,
  constructorsTable,
  resultsTable,
  sprintResultsTable,
  qualifyingTable,
  historyPitStopsTable,
  driverStandingsTable,
  constructorStandingsTable,
  historyLapTimesTable,
  lapChartTable,
] as const;

export type HistoryTableName = (typeof historyTables)[number]["name"];

export type SeasonRow = RowOf<typeof seasonsTable>;
export type CircuitRow = RowOf<typeof circuitsTable>;
export type RaceRow = RowOf<typeof racesTable>;
export type HistoryDriverRow = RowOf<typeof historyDriversTable>;
export type ConstructorRow = RowOf<typeof constructorsTable>;
export type ResultRow = RowOf<typeof resultsTable>;
export type QualifyingRow = RowOf<typeof qualifyingTable>;
export type HistoryPitStopRow = RowOf<typeof historyPitStopsTable>;
export type DriverStandingRow = RowOf<typeof driverStandingsTable>;
export type ConstructorStandingRow = RowOf<typeof constructorStandingsTable>;
export type HistoryLapTimeRow = RowOf<typeof historyLapTimesTable>;
export type LapChartRow = RowOf<typeof lapChartTable>;

/** Rows of every history table. A source fills what it can; the rest stay empty. */
export interface HistoryTables {
  seasons: SeasonRow[];
  circuits: CircuitRow[];
  races: RaceRow[];
  drivers: HistoryDriverRow[];
  constructors: ConstructorRow[];
  results: ResultRow[];
  sprint_results: ResultRow[];
  qualifying: QualifyingRow[];
  pit_stops: HistoryPitStopRow[];
  driver_standings: DriverStandingRow[];
  constructor_standings: ConstructorStandingRow[];
  lap_times: HistoryLapTimeRow[];
  lap_chart: LapChartRow[];
}

/** A HistoryTables with every table empty, for sources to fill. */
export function emptyHistoryTables(): HistoryTables {
  return {
    seasons: [],
    circuits: [],
    races: [],
    drivers: [],
    constructors: [],
    results: [],
    sprint_results: [],
    qualifying: [],
    pit_stops: [],
    driver_standings: [],
    constructor_standings: [],
    lap_times: [],
    lap_chart: [],
  };
}
