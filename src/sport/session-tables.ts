import {defineTable, type RowOf} from "./schema.js";

// Canonical per-session tables. Names follow OpenF1's snake_case fields; where OpenF1 has no field we add
// one with its unit in the name. Every table carries session_key so tables of many sessions can be stacked.

const sessionKey = {
  type: "INTEGER",
  doc: "Session key (F1 live timing / OpenF1 session_key)",
  key: true,
} as const;
const driverNumber = {type: "INTEGER", doc: "Car number", key: true} as const;
const date = {type: "TIMESTAMP", doc: "UTC time of the sample"} as const;

export const sessionInfoTable = defineTable("session_info", "One row describing the session", {
  session_key: sessionKey,
  session_id: {
    type: "VARCHAR",
    doc: "PitWall's URL id of the session, e.g. 2025-mexico-city-grand-prix-qualifying",
    key: true,
  },
  session_name: {type: "VARCHAR", doc: "Session name, e.g. Qualifying, Sprint, Race"},
  session_type: {type: "VARCHAR", doc: "Practice, Qualifying or Race (sprints are Race)"},
  meeting_key: {type: "INTEGER", doc: "Meeting key"},
  meeting_name: {type: "VARCHAR", doc: "Meeting name, e.g. Mexico City Grand Prix"},
  meeting_official_name: {type: "VARCHAR", doc: "Official meeting name"},
  location: {type: "VARCHAR", doc: "Location of the circuit"},
  country_code: {type: "VARCHAR", doc: "Three-letter country code"},
  country_name: {type: "VARCHAR", doc: "Country name"},
  circuit_key: {type: "INTEGER", doc: "Circuit key"},
  circuit_short_name: {type: "VARCHAR", doc: "Short circuit name"},
  year: {type: "INTEGER", doc: "Season"},
  date_start: {type: "TIMESTAMP", doc: "Scheduled start (UTC)"},
  date_end: {type: "TIMESTAMP", doc: "Scheduled end (UTC)"},
  gmt_offset: {type: "VARCHAR", doc: "Local offset from UTC, e.g. -06:00:00"},
  stream_start: {type: "TIMESTAMP", doc: "UTC time of offset 00:00:00.000 in the archive streams"},
  total_laps: {type: "INTEGER", doc: "Scheduled race distance in laps (races only)"},
  archive_path: {type: "VARCHAR", doc: "Path of the session in the F1 live-timing archive"},
});

export const driversTable = defineTable("drivers", "Drivers entered in the session", {
  session_key: sessionKey,
  driver_number: driverNumber,
  broadcast_name: {type: "VARCHAR", doc: "Name as shown on TV, e.g. M VERSTAPPEN"},
  full_name: {type: "VARCHAR", doc: "Full name"},
  first_name: {type: "VARCHAR", doc: "First name"},
  last_name: {type: "VARCHAR", doc: "Last name"},
  name_acronym: {type: "VARCHAR", doc: "Three-letter acronym, e.g. VER"},
  team_name: {type: "VARCHAR", doc: "Team name"},
  team_colour: {type: "VARCHAR", doc: "Team colour as six hex digits, no #"},
  headshot_url: {type: "VARCHAR", doc: "Driver photo URL"},
  country_code: {type: "VARCHAR", doc: "Driver's country code"},
});

export const lapsTable = defineTable("laps", "Every completed lap of every driver", {
  session_key: sessionKey,
  driver_number: driverNumber,
  lap_number: {type: "INTEGER", doc: "Lap number, from 1", key: true},
  date_start: {type: "TIMESTAMP", doc: "UTC time the lap started, where known"},
  session_time_s: {type: "DOUBLE", doc: "Seconds from stream start to the end of the lap"},
  lap_duration: {type: "DOUBLE", doc: "Lap time in seconds (null when timing gave none, e.g. race lap 1)"},
  duration_sector_1: {type: "DOUBLE", doc: "Sector 1 time in seconds"},
  duration_sector_2: {type: "DOUBLE", doc: "Sector 2 time in seconds"},
  duration_sector_3: {type: "DOUBLE", doc: "Sector 3 time in seconds"},
  i1_speed: {type: "INTEGER", doc: "Speed at intermediate 1, km/h"},
  i2_speed: {type: "INTEGER", doc: "Speed at intermediate 2, km/h"},
  fl_speed: {type: "INTEGER", doc: "Speed at the finish line, km/h"},
  st_speed: {type: "INTEGER", doc: "Speed at the speed trap, km/h"},
  is_pit_out_lap: {type: "BOOLEAN", doc: "The lap started in the pit lane"},
  is_pit_in_lap: {type: "BOOLEAN", doc: "The lap ended in the pit lane"},
  is_personal_best: {type: "BOOLEAN", doc: "Timing flagged the lap as the driver's best so far"},
  position: {type: "INTEGER", doc: "Running position when the lap ended"},
  gap_to_leader_s: {type: "DOUBLE", doc: "Gap to the leader when the lap ended, seconds (races)"},
  qualifying_part: {type: "INTEGER", doc: "Q1, Q2 or Q3 as 1, 2, 3 (qualifying only)"},
  stint_number: {type: "INTEGER", doc: "Stint the lap belongs to"},
  compound: {type: "VARCHAR", doc: "Tyre compound: SOFT, MEDIUM, HARD, INTERMEDIATE, WET"},
  tyre_age_laps: {
    type: "INTEGER",
    doc: "Tyre age at the end of the lap, laps (including laps from earlier sessions)",
  },
});

export const stintsTable = defineTable("stints", "Tyre stints", {
  session_key: sessionKey,
  driver_number: driverNumber,
  stint_number: {type: "INTEGER", doc: "Stint number, from 1", key: true},
  lap_start: {type: "INTEGER", doc: "First lap of the stint"},
  lap_end: {type: "INTEGER", doc: "Last lap of the stint"},
  compound: {type: "VARCHAR", doc: "Tyre compound: SOFT, MEDIUM, HARD, INTERMEDIATE, WET"},
  is_new: {type: "BOOLEAN", doc: "The set was new when fitted"},
  tyre_age_at_start: {type: "INTEGER", doc: "Tyre age when fitted, laps"},
});

export const pitStopsTable = defineTable("pit_stops", "Pit stops (pit-lane visits)", {
  session_key: sessionKey,
  driver_number: driverNumber,
  stop_number: {type: "INTEGER", doc: "Stop number for the driver, from 1", key: true},
  lap_number: {type: "INTEGER", doc: "Lap on which the car entered the pit lane"},
  date: {type: "TIMESTAMP", doc: "UTC time the car entered the pit lane"},
  pit_duration: {type: "DOUBLE", doc: "Time in the pit lane, seconds (entry to exit)"},
});

export const raceControlTable = defineTable("race_control", "Race-control messages", {
  session_key: sessionKey,
  date,
  lap_number: {type: "INTEGER", doc: "Race lap the message refers to, where given"},
  category: {type: "VARCHAR", doc: "Flag, SafetyCar, Drs, CarEvent, Other"},
  flag: {type: "VARCHAR", doc: "GREEN, YELLOW, DOUBLE YELLOW, RED, CHEQUERED, BLUE, CLEAR, BLACK AND WHITE"},
  scope: {type: "VARCHAR", doc: "Track, Sector or Driver"},
  sector: {type: "INTEGER", doc: "Marshal sector, when scope is Sector"},
  driver_number: {type: "INTEGER", doc: "Driver concerned, where given"},
  status: {type: "VARCHAR", doc: "Status for SafetyCar and Drs messages, e.g. DEPLOYED, ENDING"},
  mode: {type: "VARCHAR", doc: "SAFETY CAR or VIRTUAL SAFETY CAR"},
  message: {type: "VARCHAR", doc: "Message text"},
});

export const trackStatusTable = defineTable("track_status", "Track status changes", {
  session_key: sessionKey,
  date,
  session_time_s: {type: "DOUBLE", doc: "Seconds from stream start"},
  status: {
    type: "VARCHAR",
    doc: "Code: 1 clear, 2 yellow, 4 safety car, 5 red, 6 VSC deployed, 7 VSC ending",
  },
  message: {type: "VARCHAR", doc: "AllClear, Yellow, SCDeployed, Red, VSCDeployed, VSCEnding"},
});

export const weatherTable = defineTable("weather", "Weather samples, about one a minute", {
  session_key: sessionKey,
  date,
  air_temperature: {type: "DOUBLE", doc: "Air temperature, °C"},
  track_temperature: {type: "DOUBLE", doc: "Track temperature, °C"},
  humidity: {type: "DOUBLE", doc: "Relative humidity, %"},
  pressure: {type: "DOUBLE", doc: "Air pressure, mbar"},
  rainfall: {type: "BOOLEAN", doc: "Rain is falling"},
  wind_direction: {type: "INTEGER", doc: "Wind direction, degrees"},
  wind_speed: {type: "DOUBLE", doc: "Wind speed, m/s"},
});

export const positionsTable = defineTable("positions", "Running position over time", {
  session_key: sessionKey,
  date,
  session_time_s: {type: "DOUBLE", doc: "Seconds from stream start"},
  driver_number: driverNumber,
  position: {type: "INTEGER", doc: "Position"},
});

export const intervalsTable = defineTable("intervals", "Gaps to the leader and to the car ahead over time", {
  session_key: sessionKey,
  date,
  session_time_s: {type: "DOUBLE", doc: "Seconds from stream start"},
  driver_number: driverNumber,
  gap_to_leader_s: {type: "DOUBLE", doc: "Gap to the leader, seconds (null when lapped)"},
  laps_behind_leader: {type: "INTEGER", doc: "Laps behind the leader when lapped"},
  interval_s: {type: "DOUBLE", doc: "Gap to the car ahead, seconds (null when lapped)"},
  laps_behind_ahead: {type: "INTEGER", doc: "Laps behind the car ahead when lapped"},
});

export const carDataTable = defineTable("car_data", "Car telemetry, about 3.7 samples per second per car", {
  session_key: sessionKey,
  date,
  driver_number: driverNumber,
  rpm: {type: "INTEGER", doc: "Engine speed, rpm"},
  speed_kph: {type: "INTEGER", doc: "Speed, km/h"},
  n_gear: {type: "INTEGER", doc: "Gear, 0 = neutral"},
  throttle_pct: {type: "INTEGER", doc: "Throttle, % (values above 100 mean no signal)"},
  brake: {type: "INTEGER", doc: "Brake pedal, 0 or 100 (on/off)"},
  drs: {type: "INTEGER", doc: "DRS code: 0/1 off, 8 eligible, 10/12/14 open"},
});

export const carPositionsTable = defineTable(
  "car_positions",
  "Car x/y/z positions, about 3.7 per second per car",
  {
    session_key: sessionKey,
    date,
    driver_number: driverNumber,
    status: {type: "VARCHAR", doc: "OnTrack or OffTrack"},
    x: {type: "INTEGER", doc: "x, 1/10 m in the circuit's frame"},
    y: {type: "INTEGER", doc: "y, 1/10 m"},
    z: {type: "INTEGER", doc: "z, 1/10 m"},
  },
);

export const classificationTable = defineTable("classification", "Final order of the session", {
  session_key: sessionKey,
  driver_number: driverNumber,
  position: {type: "INTEGER", doc: "Final position (null when not classified)"},
  number_of_laps: {type: "INTEGER", doc: "Laps completed"},
  status: {type: "VARCHAR", doc: "Finished, Retired, Stopped, Knocked out, Did not start"},
  gap_to_leader_s: {type: "DOUBLE", doc: "Gap to the winner at the flag, seconds (races)"},
  laps_behind_leader: {type: "INTEGER", doc: "Laps behind the winner (races)"},
  best_lap_duration: {type: "DOUBLE", doc: "Best lap, seconds"},
  q1_duration: {type: "DOUBLE", doc: "Best lap in Q1, seconds"},
  q2_duration: {type: "DOUBLE", doc: "Best lap in Q2, seconds"},
  q3_duration: {type: "DOUBLE", doc: "Best lap in Q3, seconds"},
});

export const availabilityTable = defineTable("availability", "Which tables this session has, and why not", {
  table_name: {type: "VARCHAR", doc: "Canonical table name", key: true},
  status: {type: "VARCHAR", doc: "present or absent", key: true},
  row_count: {type: "BIGINT", doc: "Rows in the table"},
  reason: {type: "VARCHAR", doc: "Why the table is absent, in words"},
  source_topics: {type: "VARCHAR", doc: "Archive topics the table is built from"},
});

/** Every per-session table, in the order notebooks list them. */
export const sessionTables = [
  sessionInfoTable,
  driversTable,
  lapsTable,
  stintsTable,
  pitStopsTable,
  raceControlTable,
  trackStatusTable,
  weatherTable,
  positionsTable,
  intervalsTable,
  carDataTable,
  carPositionsTable,
  classificationTable,
] as const;

export type SessionTableName = (typeof sessionTables)[number]["name"];

export type SessionInfoRow = RowOf<typeof sessionInfoTable>;
export type DriverRow = RowOf<typeof driversTable>;
export type LapRow = RowOf<typeof lapsTable>;
export type StintRow = RowOf<typeof stintsTable>;
export type PitStopRow = RowOf<typeof pitStopsTable>;
export type RaceControlRow = RowOf<typeof raceControlTable>;
export type TrackStatusRow = RowOf<typeof trackStatusTable>;
export type WeatherRow = RowOf<typeof weatherTable>;
export type PositionRow = RowOf<typeof positionsTable>;
export type IntervalRow = RowOf<typeof intervalsTable>;
export type CarDataRow = RowOf<typeof carDataTable>;
export type CarPositionRow = RowOf<typeof carPositionsTable>;
export type ClassificationRow = RowOf<typeof classificationTable>;
export type AvailabilityRow = RowOf<typeof availabilityTable>;

/** Rows of every per-session table; a table the source cannot build is absent, with the reason. */
export interface SessionTables {
  session_info: SessionInfoRow[];
  drivers: DriverRow[];
  laps: LapRow[];
  stints: StintRow[];
  pit_stops: PitStopRow[];
  race_control: RaceControlRow[];
  track_status: TrackStatusRow[];
  weather: WeatherRow[];
  positions: PositionRow[];
  intervals: IntervalRow[];
  car_data: CarDataRow[];
  car_positions: CarPositionRow[];
  classification: ClassificationRow[];
}

/** Why a table could not be built, keyed by table name. */
export type AbsentTables = Partial<Record<SessionTableName, string>>;

/** A SessionTables with every table empty, for sources to fill. */
export function emptySessionTables(): SessionTables {
  return {
    session_info: [],
    drivers: [],
    laps: [],
    stints: [],
    pit_stops: [],
    race_control: [],
    track_status: [],
    weather: [],
    positions: [],
    intervals: [],
    car_data: [],
    car_positions: [],
    classification: [],
  };
}

// Tables the store derives for a session from its other tables and from sources beside the live-timing
// archive (lap charts, circuit layouts). Sources fill SessionTables; the store adds these.

export const sessionLapChartTable = defineTable(
  "lap_chart",
  "Running order after every lap of a race or sprint (lap 0 = grid)",
  {
    session_key: sessionKey,
    lap_number: {type: "INTEGER", doc: "Lap number; 0 is the starting grid", key: true},
    position: {type: "INTEGER", doc: "Running position", key: true},
    driver_number: {type: "INTEGER", doc: "Car number"},
    source: {
      type: "VARCHAR",
      doc: "TimingData (positions when each lap ended) or lapcharts (the lap-chart archive)",
    },
  },
);

export const circuitCornersTable = defineTable("circuit_corners", "Numbered corners of the circuit", {
  session_key: sessionKey,
  number: {type: "INTEGER", doc: "Corner number", key: true},
  letter: {type: "VARCHAR", doc: "Letter after the number (e.g. 9a), where the circuit has one", key: true},
  x: {type: "DOUBLE", doc: "x, 1/10 m in the frame of car_positions"},
  y: {type: "DOUBLE", doc: "y, 1/10 m"},
  angle_deg: {type: "DOUBLE", doc: "Direction of the corner's label from the track, degrees"},
  rotation_deg: {
    type: "DOUBLE",
    doc: "Rotation to draw the map as broadcasts do, degrees (same on every row)",
  },
  layout_year: {type: "INTEGER", doc: "Season of the circuit layout the corners come from"},
});

/** Tables the store derives for every session, after SessionTables; notebooks list them with the others. */
export const derivedSessionTables = [sessionLapChartTable, circuitCornersTable] as const;

export type SessionLapChartRow = RowOf<typeof sessionLapChartTable>;
export type CircuitCornerRow = RowOf<typeof circuitCornersTable>;
