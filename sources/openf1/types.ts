// OpenF1 /v1 rows as they arrive on the wire. Dates are ISO 8601 strings such as
// "2024-09-22T12:05:37.990000+00:00" (microseconds, explicit offset). Any field but the keys may be null.

export interface OpenF1Meeting {
  meeting_key: number;
  meeting_name: string | null;
  meeting_official_name: string | null;
  meeting_code?: string | null;
  location: string | null;
  country_key: number | null;
  country_code: string | null;
  country_name: string | null;
  circuit_key: number | null;
  circuit_short_name: string | null;
  circuit_type?: string | null;
  gmt_offset: string | null;
  date_start: string | null;
  date_end?: string | null;
  year: number | null;
}

export interface OpenF1Session {
  session_key: number;
  meeting_key: number;
  session_name: string | null;
  session_type: string | null;
  location: string | null;
  country_key: number | null;
  country_code: string | null;
  country_name: string | null;
  circuit_key: number | null;
  circuit_short_name: string | null;
  date_start: string | null;
  date_end: string | null;
  gmt_offset: string | null;
  year: number | null;
}

interface SessionScoped {
  session_key: number;
  meeting_key: number;
}

export interface OpenF1Driver extends SessionScoped {
  driver_number: number;
  broadcast_name: string | null;
  full_name: string | null;
  first_name: string | null;
  last_name: string | null;
  name_acronym: string | null;
  team_name: string | null;
  team_colour: string | null;
  headshot_url: string | null;
  country_code: string | null;
}

export interface OpenF1Lap extends SessionScoped {
  driver_number: number;
  lap_number: number;
  date_start: string | null;
  lap_duration: number | null;
  duration_sector_1: number | null;
  duration_sector_2: number | null;
  duration_sector_3: number | null;
  i1_speed: number | null;
  i2_speed: number | null;
  st_speed: number | null;
  is_pit_out_lap: boolean | null;
  segments_sector_1: (number | null)[] | null;
  segments_sector_2: (number | null)[] | null;
  segments_sector_3: (number | null)[] | null;
}

export interface OpenF1Stint extends SessionScoped {
  driver_number: number;
  stint_number: number;
  lap_start: number | null;
  lap_end: number | null;
  compound: string | null;
  tyre_age_at_start: number | null;
}

export interface OpenF1Pit extends SessionScoped {
  driver_number: number;
  date: string | null;
  lap_number: number | null;
  pit_duration: number | null;
}

export interface OpenF1Position extends SessionScoped {
  driver_number: number;
  date: string | null;
  position: number | null;
}

/** gap_to_leader and interval: seconds, a string such as "+1 LAP" when lapped, or null for the leader. */
export type OpenF1Gap = number | string | null;

export interface OpenF1Interval extends SessionScoped {
  driver_number: number;
  date: string | null;
  gap_to_leader: OpenF1Gap;
  interval: OpenF1Gap;
}

export interface OpenF1RaceControl extends SessionScoped {
  date: string | null;
  category: string | null;
  flag: string | null;
  scope: string | null;
  sector: number | null;
  driver_number: number | null;
  lap_number: number | null;
  message: string | null;
  qualifying_phase?: number | null;
}

export interface OpenF1Weather extends SessionScoped {
  date: string | null;
  air_temperature: number | null;
  track_temperature: number | null;
  humidity: number | null;
  pressure: number | null;
  /** 0 or 1 on the wire, though documented as a boolean. */
  rainfall: number | boolean | null;
  wind_direction: number | null;
  wind_speed: number | null;
}

export interface OpenF1CarData extends SessionScoped {
  driver_number: number;
  date: string | null;
  rpm: number | null;
  speed: number | null;
  n_gear: number | null;
  throttle: number | null;
  brake: number | null;
  drs: number | null;
}

export interface OpenF1Location extends SessionScoped {
  driver_number: number;
  date: string | null;
  x: number | null;
  y: number | null;
  z: number | null;
}

export interface OpenF1TeamRadio extends SessionScoped {
  driver_number: number;
  date: string | null;
  recording_url: string | null;
}

export interface OpenF1SessionResult extends SessionScoped {
  driver_number: number;
  position: number | null;
  number_of_laps: number | null;
  dnf: boolean | null;
  dns: boolean | null;
  dsq: boolean | null;
  /** Best lap (practice), total race time (races), or [Q1, Q2, Q3] best laps (qualifying), seconds. */
  duration: number | (number | null)[] | null;
  /** Seconds, "+N LAP(S)" when lapped, or [Q1, Q2, Q3] gaps (qualifying). */
  gap_to_leader: OpenF1Gap | OpenF1Gap[];
  points?: number | null;
}

export interface OpenF1StartingGrid extends SessionScoped {
  driver_number: number;
  position: number | null;
  lap_duration: number | null;
}

export interface OpenF1Overtake extends SessionScoped {
  overtaking_driver_number: number;
  overtaken_driver_number: number;
  date: string | null;
  position: number | null;
}

/** The row type of every /v1 endpoint. */
export interface OpenF1Rows {
  meetings: OpenF1Meeting;
  sessions: OpenF1Session;
  drivers: OpenF1Driver;
  laps: OpenF1Lap;
  stints: OpenF1Stint;
  pit: OpenF1Pit;
  position: OpenF1Position;
  intervals: OpenF1Interval;
  race_control: OpenF1RaceControl;
  weather: OpenF1Weather;
  car_data: OpenF1CarData;
  location: OpenF1Location;
  team_radio: OpenF1TeamRadio;
  session_result: OpenF1SessionResult;
  starting_grid: OpenF1StartingGrid;
  overtakes: OpenF1Overtake;
}

export type OpenF1Endpoint = keyof OpenF1Rows;

/** Every /v1 endpoint, in the order of OpenF1's documentation topics. */
export const openF1Endpoints: readonly OpenF1Endpoint[] = [
  "meetings",
  "sessions",
  "drivers",
  "laps",
  "stints",
  "pit",
  "position",
  "intervals",
  "race_control",
  "weather",
  "car_data",
  "location",
  "team_radio",
  "session_result",
  "starting_grid",
  "overtakes",
];
