import {sessionIdFromPath} from "../../src/sport/session-id.js";
import type {ClassificationRow, DriverRow, LapRow, SessionInfoRow} from "../../src/sport/session-tables.js";
import type {OpenF1Driver, OpenF1Meeting, OpenF1Session, OpenF1SessionResult} from "./types.js";
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

/** Canonical session type: OpenF1 calls sprint qualifying "Sprint Qualifying"/"Sprint Shootout"; sprints are races. */
export function toSessionType(sessionType: string | null, sessionName: string | null): string | null {
  const text = `${sessionType ?? ""} ${sessionName ?? ""}`;
  if (/qualifying|shootout/i.test(text)) return "Qualifying";
  if (/race|sprint/i.test(text)) return "Race";
  if (/practice/i.test(text)) return "Practice";
  return toText(sessionType);
}

/**
 * PitWall's session id from OpenF1's names, built the way the live-timing archive's folder names build it
 * (year, meeting name, session name), so both sources give one session the same id.
 */
export function toSessionId(year: number, meetingName: string, sessionName: string): string {
  return sessionIdFromPath(`${year}/${meetingName}/${sessionName}/`);
}

/** The session_info row from OpenF1's session and (optional) meeting. */
export function toSessionInfoRow(session: OpenF1Session, meeting: OpenF1Meeting | null): SessionInfoRow {
  const year = toInteger(session.year) ?? toInteger(meeting?.year);
  const meetingName =
    toText(meeting?.meeting_name) ?? toText(session.location) ?? `meeting ${session.meeting_key}`;
  const sessionName = toText(session.session_name) ?? `session ${session.session_key}`;
  return {
    session_key: session.session_key,
    session_id: year == null ? `openf1-${session.session_key}` : toSessionId(year, meetingName, sessionName),
    session_name: toText(session.session_name),
    session_type: toSessionType(session.session_type, session.session_name),
    meeting_key: toInteger(session.meeting_key),
    meeting_name: toText(meeting?.meeting_name),
    meeting_official_name: toText(meeting?.meeting_official_name),
    location: toText(session.location) ?? toText(meeting?.location),
    country_code: toText(session.country_code) ?? toText(meeting?.country_code),
    country_name: toText(session.country_name) ?? toText(meeting?.country_name),
    circuit_key: toInteger(session.circuit_key) ?? toInteger(meeting?.circuit_key),
    circuit_short_name: toText(session.circuit_short_name) ?? toText(meeting?.circuit_short_name),
    year,
    date_start: toEpochMs(session.date_start),
    date_end: toEpochMs(session.date_end),
    gmt_offset: toText(session.gmt_offset) ?? toText(meeting?.gmt_offset),
    // OpenF1 has no archive stream, hence no stream start, archive path or scheduled distance.
    stream_start: null,
    total_laps: null,
    archive_path: null,
  };
}

/** Canonical drivers; a driver listed twice keeps the last entry (and the repeat is reported). */
export function toDriverRows(drivers: readonly OpenF1Driver[], context: MapContext): DriverRow[] {
  const byNumber = new Map<number, DriverRow>();
  for (const driver of pickRowsWithKeys(drivers, ["driver_number"], context)) {
    if (byNumber.has(driver.driver_number)) {
      context.problems.push({
        source: context.source,
        message: `driver ${driver.driver_number} is listed more than once; kept the last entry`,
      });
    }
    byNumber.set(driver.driver_number, {
      session_key: driver.session_key ?? context.sessionKey,
      driver_number: driver.driver_number,
      broadcast_name: toText(driver.broadcast_name),
      full_name: toText(driver.full_name),
      first_name: toText(driver.first_name),
      last_name: toText(driver.last_name),
      name_acronym: toText(driver.name_acronym),
      team_name: toText(driver.team_name),
      team_colour: toTeamColour(driver.team_colour),
      headshot_url: toText(driver.headshot_url),
      country_code: toText(driver.country_code),
    });
  }
  return [...byNumber.values()];
}

/** Six upper-case hex digits: OpenF1 sends some in lower case (Alpine's "0093cc" in 2024 Singapore). */
function toTeamColour(value: unknown): string | null {
  const text = toText(value)?.replace(/^#/, "").toUpperCase() ?? null;
  return text != null && /^[0-9A-F]{6}$/.test(text) ? text : null;
}

/**
 * Canonical classification from OpenF1's session_result. `duration` is the best lap in practice, the total race
 * time in races, and [Q1, Q2, Q3] in qualifying; `gap_to_leader` likewise (or "+N LAP(S)"). A race's best lap
 * comes from the laps when given.
 */
export function toClassificationRows(
  results: readonly OpenF1SessionResult[],
  sessionType: string | null,
  laps: readonly LapRow[] | null,
  context: MapContext,
): ClassificationRow[] {
  const bestLaps = bestLapByDriver(laps ?? []);
  return pickRowsWithKeys(results, ["driver_number"], context).map((result) => {
    const parts = Array.isArray(result.duration) ? result.duration.map(toNumber) : null;
    const single = Array.isArray(result.duration) ? null : toNumber(result.duration);
    const isRace = sessionType === "Race";
    const gap =
      isRace && !Array.isArray(result.gap_to_leader)
        ? toGap(result.gap_to_leader, {
            context,
            field: "gap_to_leader",
            label: `driver ${result.driver_number}`,
          })
        : {seconds: null, laps: null};
    const partTimes = (parts ?? []).filter((time): time is number => time != null);
    const position = toInteger(result.position);
    return {
      session_key: result.session_key ?? context.sessionKey,
      driver_number: result.driver_number,
      position,
      number_of_laps: toInteger(result.number_of_laps),
      status: toResultStatus(result, sessionType, parts, position),
      gap_to_leader_s: gap.seconds,
      laps_behind_leader: gap.laps,
      best_lap_duration: isRace
        ? (bestLaps.get(result.driver_number) ?? null)
        : partTimes.length > 0
          ? Math.min(...partTimes)
          : single,
      q1_duration: parts?.[0] ?? null,
      q2_duration: parts?.[1] ?? null,
      q3_duration: parts?.[2] ?? null,
    };
  });
}

function toResultStatus(
  result: OpenF1SessionResult,
  sessionType: string | null,
  parts: (number | null)[] | null,
  position: number | null,
): string {
  if (toBoolean(result.dsq)) return "Disqualified";
  if (toBoolean(result.dns)) return "Did not start";
  if (toBoolean(result.dnf)) return "Retired";
  // Q3 holds the top ten; a driver classified below without a Q3 time went out in Q1 or Q2.
  if (sessionType === "Qualifying" && parts && parts[2] == null && position != null && position > 10) {
    return "Knocked out";
  }
  return "Finished";
}

function bestLapByDriver(laps: readonly LapRow[]): Map<number, number> {
  const best = new Map<number, number>();
  for (const lap of laps) {
    if (lap.lap_duration == null) continue;
    const current = best.get(lap.driver_number);
    if (current == null || lap.lap_duration < current) best.set(lap.driver_number, lap.lap_duration);
  }
  return best;
}
