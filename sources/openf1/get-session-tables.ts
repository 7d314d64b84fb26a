import type {Problem} from "../../src/sport/problems.js";
import {emptySessionTables, type AbsentTables, type SessionTables} from "../../src/sport/session-tables.js";
import {HttpError, type RequestOptions} from "../http/index.js";
import {addLapGaps, addLapPositions, addLapStints, addPitInLaps} from "./add-lap-context.js";
import type {OpenF1Client} from "./client.js";
import {toCarDataRows, toCarPositionRows, toRaceControlRows, toWeatherRows} from "./map-samples.js";
import {toClassificationRows, toDriverRows, toSessionInfoRow} from "./map-session.js";
import {toIntervalRows, toLapRows, toPitStopRows, toPositionRows, toStintRows} from "./map-timing.js";
import type {DateInput, OpenF1Filters} from "./query.js";
import type {OpenF1Endpoint, OpenF1Rows, OpenF1Session} from "./types.js";
import {toEpochMs, type MapContext} from "./values.js";

/** A session's canonical tables, the tables it lacks (with reasons), and the input that was skipped. */
export interface SessionBuild {
  tables: SessionTables;
  absent: AbsentTables;
  problems: Problem[];
}

export interface SessionTablesOptions {
  /**
   * Also fetch car_data and location (huge: fetched in time windows, about 40 windows each for a race).
   * Defaults to false, and the two tables are then absent with the reason.
   */
  telemetry?: boolean;
  /** Time range for car_data and location; defaults to an hour before the start to 30 min after the end. */
  telemetryRange?: {start: DateInput; end: DateInput};
  /** Window length for car_data and location, ms; defaults to 5 min. */
  telemetryWindowMs?: number;
  /** Passed to every request, e.g. {fresh: true} for a session still running. */
  request?: RequestOptions;
  log?: (line: string) => void;
}

type Fetched<E extends OpenF1Endpoint> = {rows: OpenF1Rows[E][]; url: string} | {absent: string};

/** Builds a whole session's canonical tables from OpenF1, saying why each missing table is absent. */
export async function getSessionTables(
  client: OpenF1Client,
  sessionKey: number,
  options: SessionTablesOptions = {},
): Promise<SessionBuild> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const problems: Problem[] = [];
  const absent: AbsentTables = {};
  const context = (source: string): MapContext => ({sessionKey, source, problems});

  async function fetchRows<E extends OpenF1Endpoint>(
    endpoint: E,
    keys: {session_key?: number; meeting_key?: number},
  ): Promise<Fetched<E>> {
    const filters = keys as OpenF1Filters<E>;
    const url = client.urlFor(endpoint, filters);
    try {
      const rows = await client.get(endpoint, filters, options.request);
      log(`openf1: session ${sessionKey}: ${endpoint} ${rows.length} rows`);
      if (rows.length === 0)
        return {absent: `OpenF1 has no ${endpoint} rows for session ${sessionKey} (${url}).`};
      return {rows, url};
    } catch (error) {
      // A mirror without the recording is an absent table, not a failed build; any other failure is fatal.
      if (error instanceof HttpError && error.kind === "not-mirrored") {
        return {
          absent: `Not in the mirror: ${url} (add the recording, or fetch online with PITWALL_MIRROR=none).`,
        };
      }
      throw error;
    }
  }

  // Every OpenF1 row carries meeting_key, so the drivers give the meeting, and the meeting's sessions list
  // holds this session: that is what a mirror recorded, and it costs no extra request online.
  const drivers = await fetchRows("drivers", {session_key: sessionKey});
  const meetingKey = "rows" in drivers ? drivers.rows[0]?.meeting_key : undefined;
  const sessions = await fetchRows(
    "sessions",
    meetingKey != null ? {meeting_key: meetingKey} : {session_key: sessionKey},
  );
  const session =
    "rows" in sessions ? (sessions.rows.find((row) => row.session_key === sessionKey) ?? null) : null;
  const meetings = session ? await fetchRows("meetings", {meeting_key: session.meeting_key}) : null;

  const byKey = {session_key: sessionKey};
  const [laps, pit, position, intervals, stints, raceControl, weather, results] = await Promise.all([
    fetchRows("laps", byKey),
    fetchRows("pit", byKey),
    fetchRows("position", byKey),
    fetchRows("intervals", byKey),
    fetchRows("stints", byKey),
    fetchRows("race_control", byKey),
    fetchRows("weather", byKey),
    fetchRows("session_result", byKey),
  ]);

  const tables = emptySessionTables();
  function fill<E extends OpenF1Endpoint, K extends keyof SessionTables>(
    table: K,
    fetched: Fetched<E>,
    map: (rows: OpenF1Rows[E][], context: MapContext) => SessionTables[K],
  ): boolean {
    if ("absent" in fetched) {
      absent[table] = fetched.absent;
      return false;
    }
    tables[table] = map(fetched.rows, context(fetched.url));
    return true;
  }

  if (session) {
    const meeting = meetings && "rows" in meetings ? (meetings.rows[0] ?? null) : null;
    tables.session_info = [toSessionInfoRow(session, meeting)];
  } else {
    absent.session_info =
      "absent" in sessions ? sessions.absent : `OpenF1's sessions list has no session ${sessionKey}.`;
  }
  fill("drivers", drivers, toDriverRows);
  const hasPits = fill("pit_stops", pit, toPitStopRows);
  const hasPositions = fill("positions", position, toPositionRows);
  const hasIntervals = fill("intervals", intervals, toIntervalRows);
  const hasStints = fill("stints", stints, toStintRows);
  if (fill("laps", laps, toLapRows)) {
    if (hasPits) tables.laps = addPitInLaps(tables.laps, tables.pit_stops);
    if (hasPositions) tables.laps = addLapPositions(tables.laps, tables.positions);
    if (hasIntervals) tables.laps = addLapGaps(tables.laps, tables.intervals);
    if (hasStints) tables.laps = addLapStints(tables.laps, tables.stints);
  }
  fill("race_control", raceControl, toRaceControlRows);
  fill("weather", weather, toWeatherRows);
  const sessionType = tables.session_info[0]?.session_type ?? null;
  fill("classification", results, (rows, ctx) =>
    toClassificationRows(rows, sessionType, "rows" in laps ? tables.laps : null, ctx),
  );
  absent.track_status =
    "OpenF1 has no track-status feed; its flags and safety-car periods are in race_control.";

  function windowedRows<E extends "car_data" | "location">(rows: OpenF1Rows[E][], endpoint: E): Fetched<E> {
    if (rows.length > 0) return {rows, url: client.urlFor(endpoint, byKey as OpenF1Filters<E>)};
    return {absent: `OpenF1 has no ${endpoint} rows for session ${sessionKey} in the time range asked for.`};
  }

  if (!options.telemetry) {
    const reason = "Not requested: pass {telemetry: true} to fetch car_data and location in time windows.";
    absent.car_data = reason;
    absent.car_positions = reason;
  } else {
    const range = options.telemetryRange ?? defaultTelemetryRange(session, tables.laps);
    if (!range) {
      const reason = `No time range for session ${sessionKey}: its start and end are unknown (pass telemetryRange).`;
      absent.car_data = reason;
      absent.car_positions = reason;
    } else {
      const windowed = {...range, windowMs: options.telemetryWindowMs};
      const carData = await client.getInWindows("car_data", byKey, windowed, options.request);
      const location = await client.getInWindows("location", byKey, windowed, options.request);
      fill("car_data", windowedRows(carData, "car_data"), toCarDataRows);
      fill("car_positions", windowedRows(location, "location"), toCarPositionRows);
    }
  }
  return {tables, absent, problems};
}

function defaultTelemetryRange(
  session: OpenF1Session | null,
  laps: SessionTables["laps"],
): {start: number; end: number} | null {
  const start = toEpochMs(session?.date_start);
  const scheduledEnd = toEpochMs(session?.date_end);
  if (start == null || scheduledEnd == null) return null;
  // Races overrun their scheduled end after red flags: stretch to the last lap seen.
  const lastLapEnd = Math.max(
    0,
    ...laps.map((lap) => (lap.date_start ?? 0) + (lap.lap_duration ?? 0) * 1000),
  );
  return {start: start - 60 * 60_000, end: Math.max(scheduledEnd, lastLapEnd) + 30 * 60_000};
}
