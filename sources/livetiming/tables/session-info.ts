import type {SessionInfoRow} from "../../../src/sport/session-tables.js";
import {sessionIdFromPath} from "../../../src/sport/session-id.js";
import {namesFromPath, sessionTypeFromName} from "../discovery.js";
import {asObject} from "../merge.js";
import {scheduledStartUtc, type TimeAnchor} from "../time-anchor.js";
import {integer, text} from "../values.js";

export interface SessionInfoInput {
  path: string;
  sessionKey: number;
  /** SessionInfo merged, or null when the topic is missing. */
  info: Record<string, unknown> | null;
  /** The session's entry in `<year>/Index.json`, when the archive has one. */
  indexed: Record<string, unknown> | null;
  /** LapCount merged (TotalLaps), or null. */
  lapCount: Record<string, unknown> | null;
  anchor: TimeAnchor;
}

/** The one session_info row: SessionInfo first, then Index.json, then the folder names. */
export function toSessionInfoRow({
  path,
  sessionKey,
  info,
  indexed,
  lapCount,
  anchor,
}: SessionInfoInput): SessionInfoRow {
  const meeting = asObject(info?.Meeting) ?? asObject(indexed?.Meeting) ?? {};
  const country = asObject(meeting.Country) ?? {};
  const circuit = asObject(meeting.Circuit) ?? {};
  const names = namesFromPath(path);
  const pick = (key: string) => text(info?.[key]) ?? text(indexed?.[key]);
  const gmtOffset = pick("GmtOffset");
  const name = pick("Name") ?? names.session;
  const type = pick("Type") ?? sessionTypeFromName(name);
  return {
    session_key: sessionKey,
    session_id: sessionIdFromPath(path),
    session_name: name,
    session_type: type,
    meeting_key: integer(meeting.Key),
    meeting_name: text(meeting.Name) ?? names.meeting,
    meeting_official_name: text(meeting.OfficialName),
    location: text(meeting.Location),
    country_code: text(country.Code),
    country_name: text(country.Name),
    circuit_key: integer(circuit.Key),
    circuit_short_name: text(circuit.ShortName),
    year: Number(path.slice(0, 4)),
    date_start: scheduledStartUtc(pick("StartDate"), gmtOffset),
    date_end: scheduledStartUtc(pick("EndDate"), gmtOffset),
    gmt_offset: gmtOffset,
    stream_start: anchor.streamStartMs,
    total_laps: type === "Race" ? integer(lapCount?.TotalLaps) : null,
    archive_path: path,
  };
}
