import {sessionIdFromPath} from "../../src/sport/session-id.js";
import type {ArchiveReader} from "./archive-reader.js";
import {applyChange, asObject, listItems} from "./merge.js";
import {parseStream} from "./stream.js";
import {integer, text} from "./values.js";

/** An archived session and what is known about it before reading its topics. */
export interface ArchivedSession {
  session_id: string;
  /** Archive path, "year/meeting/session/". */
  path: string;
  year: number;
  session_key: number | null;
  session_name: string;
  session_type: string | null;
  meeting_key: number | null;
  meeting_name: string;
  /** Scheduled start, local time without zone, as the archive gives it ("2025-10-25T15:00:00"). */
  start_date: string | null;
  end_date: string | null;
  gmt_offset: string | null;
  /** Topic file names the archive holds for the session. */
  topics: string[];
  /** Where the metadata came from: "Index.json", "SessionInfo" or "path". */
  metadata_source: "Index.json" | "SessionInfo" | "path";
}

/** One session entry of `<year>/Index.json`, flattened with its meeting. */
interface IndexedSession {
  key: number | null;
  type: string | null;
  name: string | null;
  startDate: string | null;
  endDate: string | null;
  gmtOffset: string | null;
  meetingKey: number | null;
  meetingName: string | null;
}

/**
 * Lists the archived sessions that hold at least one topic file, oldest first. Metadata comes from
 * `<year>/Index.json` where the archive has one (it lists every session of the season, most of which a mirror
 * does not hold), else from the session's SessionInfo topic, else from its folder names.
 */
export async function listSessions(
  reader: ArchiveReader,
  years?: readonly number[],
): Promise<ArchivedSession[]> {
  const sessions: ArchivedSession[] = [];
  for (const year of years ?? (await reader.listYears())) {
    const index = indexSessions(await reader.readYearIndex(year));
    const paths = (await reader.listSessionPaths(year)) ?? [...index.keys()];
    for (const path of paths) {
      const topics = await reader.listTopicFiles(path);
      if (topics.length === 0) continue;
      const indexed = index.get(path);
      sessions.push(
        indexed ? fromIndex(path, year, indexed, topics) : await fromArchive(reader, path, year, topics),
      );
    }
  }
  return sessions.sort(
    (a, b) => (a.start_date ?? a.path).localeCompare(b.start_date ?? b.path) || a.path.localeCompare(b.path),
  );
}

/** Each session entry of a `<year>/Index.json` with its archive path and its meeting (without the session list). */
export function indexEntries(
  index: unknown,
): {path: string; session: Record<string, unknown>; meeting: Record<string, unknown>}[] {
  const entries = [];
  for (const meeting of listItems<Record<string, unknown>>(asObject(index)?.Meetings)) {
    const {Sessions: sessions, ...meetingOnly} = meeting;
    for (const session of listItems<Record<string, unknown>>(sessions)) {
      const path = text(session.Path);
      // 2022/Index.json lists a FOM track test at "../uat/static/2022/...": not an archive session path.
      if (!path || !/^\d{4}\/[^/.][^/]*\/[^/.][^/]*\/?$/.test(path)) continue;
      entries.push({path: path.endsWith("/") ? path : `${path}/`, session, meeting: meetingOnly});
    }
  }
  return entries;
}

function indexSessions(index: unknown): Map<string, IndexedSession> {
  const sessions = new Map<string, IndexedSession>();
  for (const {path, session, meeting} of indexEntries(index)) {
    sessions.set(path, {
      key: integer(session.Key),
      type: text(session.Type),
      name: text(session.Name),
      startDate: text(session.StartDate),
      endDate: text(session.EndDate),
      gmtOffset: text(session.GmtOffset),
      meetingKey: integer(meeting.Key),
      meetingName: text(meeting.Name),
    });
  }
  return sessions;
}

function fromIndex(path: string, year: number, indexed: IndexedSession, topics: string[]): ArchivedSession {
  const names = namesFromPath(path);
  return {
    session_id: sessionIdFromPath(path),
    path,
    year,
    session_key: indexed.key,
    session_name: indexed.name ?? names.session,
    session_type: indexed.type,
    meeting_key: indexed.meetingKey,
    meeting_name: indexed.meetingName ?? names.meeting,
    start_date: indexed.startDate,
    end_date: indexed.endDate,
    gmt_offset: indexed.gmtOffset,
    topics,
    metadata_source: "Index.json",
  };
}

async function fromArchive(
  reader: ArchiveReader,
  path: string,
  year: number,
  topics: string[],
): Promise<ArchivedSession> {
  const names = namesFromPath(path);
  const info = topics.includes("SessionInfo.jsonStream") ? await readSessionInfo(reader, path) : null;
  const meeting = asObject(info?.Meeting);
  return {
    session_id: sessionIdFromPath(path),
    path,
    year,
    session_key: integer(info?.Key),
    session_name: text(info?.Name) ?? names.session,
    session_type: text(info?.Type) ?? sessionTypeFromName(names.session),
    meeting_key: integer(meeting?.Key),
    meeting_name: text(meeting?.Name) ?? names.meeting,
    start_date: text(info?.StartDate) ?? names.date,
    end_date: text(info?.EndDate),
    gmt_offset: text(info?.GmtOffset),
    topics,
    metadata_source: info ? "SessionInfo" : "path",
  };
}

/** SessionInfo's merged state, or null when it is missing or unreadable (listing never fails on one session). */
export async function readSessionInfo(
  reader: ArchiveReader,
  path: string,
): Promise<Record<string, unknown> | null> {
  const textContent = await reader.readTopicFile(path, "SessionInfo.jsonStream").catch(() => null);
  if (textContent == null) return null;
  let state: unknown = null;
  for (const message of parseStream(textContent, reader.locate(path, "SessionInfo.jsonStream"), [])) {
    state = applyChange(state, message.change);
  }
  return asObject(state) ?? null;
}

/** Meeting and session names and the session date, from "2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/". */
export function namesFromPath(path: string): {meeting: string; session: string; date: string | null} {
  const [, meeting = "", session = ""] = path.split("/").filter(Boolean);
  const words = (folder: string) => folder.replace(/^\d{4}-\d{2}-\d{2}_/, "").replace(/_/g, " ");
  const date = /^(\d{4}-\d{2}-\d{2})_/.exec(session)?.[1];
  return {meeting: words(meeting), session: words(session), date: date ? `${date}T00:00:00` : null};
}

/** Practice, Qualifying or Race from a session name; sprints are races, sprint qualifying/shootout is qualifying. */
export function sessionTypeFromName(name: string): string | null {
  if (/qualifying|shootout/i.test(name)) return "Qualifying";
  if (/practice/i.test(name)) return "Practice";
  if (/race|sprint/i.test(name)) return "Race";
  return null;
}
