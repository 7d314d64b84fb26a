import {existsSync} from "node:fs";
import {join} from "node:path";
import {createHttpFromSettings, type Http} from "../sources/http/index.js";
import {
  createFolderReader,
  createHttpReader,
  listSessions,
  type ArchiveReader,
} from "../sources/livetiming/index.js";
import type {Settings} from "../sources/settings.js";
import {sessionIdFromNames} from "../src/sport/session-id.js";

/** A session PitWall can build tables for, from whichever source holds it. */
export type CatalogSession =
  | {
      session_id: string;
      source: "livetiming";
      year: number;
      meeting_name: string;
      session_name: string;
      start_date: string | null;
      path: string;
      topics: string[];
    }
  | {
      session_id: string;
      source: "openf1";
      year: number;
      meeting_name: string;
      session_name: string;
      start_date: string | null;
      session_key: number;
    };

const OPENF1_SESSIONS = "https://api.openf1.org/v1/sessions";

/**
 * The live-timing archive reader under these settings: the mirror's livetiming/ folder read directly when
 * present (the same bytes the mirror would serve, without the URL lookup), else live timing over HTTP.
 */
export async function openArchive(settings: Settings, http?: Http): Promise<ArchiveReader> {
  const folder = settings.mirror ? join(settings.mirror, "livetiming") : null;
  if (folder && existsSync(folder)) return createFolderReader(folder);
  return createHttpReader(http ?? (await createHttpFromSettings(settings)));
}

/**
 * Every session the configured sources hold, oldest first. The live-timing archive is the primary source;
 * an OpenF1 session is added only when the archive lacks that session. PITWALL_SEASONS limits the years
 * listed online, where the archive cannot be walked (default: this season and the last).
 */
export async function listCatalog(
  settings: Settings,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CatalogSession[]> {
  const http = await createHttpFromSettings(settings);
  const archive = await openArchive(settings, http);
  const years = settings.mirror ? undefined : onlineSeasons(env.PITWALL_SEASONS);
  const sessions: CatalogSession[] = (await listSessions(archive, years)).map((session) => ({
    session_id: session.session_id,
    source: "livetiming",
    year: session.year,
    meeting_name: session.meeting_name,
    session_name: session.session_name,
    start_date: session.start_date,
    path: session.path,
    topics: session.topics,
  }));
  const known = new Set(sessions.map((session) => session.session_id));
  for (const session of await listMirroredOpenF1(http)) {
    if (!known.has(session.session_id)) sessions.push(session);
  }
  return sessions.sort(
    (a, b) =>
      (a.start_date ?? "").localeCompare(b.start_date ?? "") || a.session_id.localeCompare(b.session_id),
  );
}

/** Finds one session by id; throws with the list of valid ids' count and a hint when unknown. */
export async function findCatalogSession(settings: Settings, sessionId: string): Promise<CatalogSession> {
  const sessions = await listCatalog(settings);
  const found = sessions.find((session) => session.session_id === sessionId);
  if (!found) {
    throw new Error(
      `unknown session "${sessionId}": the configured sources hold ${sessions.length} sessions ` +
        `(run \`npx tsx scripts/prepare-data.ts --list\` to see them).`,
    );
  }
  return found;
}

interface OpenF1SessionWire {
  session_key: number;
  session_name: string;
  year: number;
  date_start: string | null;
  meeting_key: number;
}

interface OpenF1MeetingWire {
  meeting_key: number;
  meeting_name: string;
}

// OpenF1 cannot be listed online without one request per season, so only sessions recorded in the mirror are
// offered; a user online asks for an OpenF1 session by key through the OpenF1 source directly.
async function listMirroredOpenF1(http: Http): Promise<CatalogSession[]> {
  const sessions: CatalogSession[] = [];
  for (const url of await http.listMirrored(OPENF1_SESSIONS)) {
    const meetingKey = new URL(url).searchParams.get("meeting_key");
    if (!meetingKey) continue;
    const rows = await http.getJson<OpenF1SessionWire[]>(url);
    const meetings = await http
      .getJson<OpenF1MeetingWire[]>(`https://api.openf1.org/v1/meetings?meeting_key=${meetingKey}`)
      .catch(() => []);
    const meetingName = meetings[0]?.meeting_name;
    if (!meetingName) continue;
    for (const row of rows) {
      if (!(await isRecorded(http, row.session_key))) continue;
      sessions.push({
        session_id: sessionIdFromNames(row.year, meetingName, row.session_name),
        source: "openf1",
        year: row.year,
        meeting_name: meetingName,
        session_name: row.session_name,
        start_date: row.date_start,
        session_key: row.session_key,
      });
    }
  }
  return sessions;
}

async function isRecorded(http: Http, sessionKey: number): Promise<boolean> {
  return (await http.listMirrored(`https://api.openf1.org/v1/laps?session_key=${sessionKey}`)).length > 0;
}

function onlineSeasons(text: string | undefined, now = new Date()): number[] {
  if (!text) return [now.getUTCFullYear() - 1, now.getUTCFullYear()];
  return text.split(",").map((part) => {
    const year = Number(part.trim());
    if (!Number.isInteger(year) || year < 2018)
      throw new Error(`PITWALL_SEASONS: "${part}" is not a season (2018 or later).`);
    return year;
  });
}
