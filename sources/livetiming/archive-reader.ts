import {readdir, readFile, stat} from "node:fs/promises";
import {join} from "node:path";
import {HttpError, type Http} from "../http/types.js";

/**
 * Where archived sessions come from: a local folder laid out like https://livetiming.formula1.com/static/,
 * or that server (or a mirror of it) over HTTP. Paths are archive paths such as
 * "2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/".
 */
export interface ArchiveReader {
  /** Where the archive is, for messages ("folder /data/livetiming", "https://…/static/"). */
  readonly description: string;
  /** Seasons to look at: the folder's year folders, or what the caller asked for online. */
  listYears(): Promise<number[]>;
  /** `<year>/Index.json` parsed, or null when the archive has none for that year. */
  readYearIndex(year: number): Promise<unknown>;
  /** Session paths holding at least one topic file, as far as the archive can tell without Index.json. */
  listSessionPaths(year: number): Promise<string[] | null>;
  /** Topic file names of a session ("TimingData.jsonStream", "CarData.z.jsonStream"), sorted. */
  listTopicFiles(sessionPath: string): Promise<string[]>;
  /** Text of a topic file, or null when the archive does not hold it. Other failures throw. */
  readTopicFile(sessionPath: string, fileName: string): Promise<string | null>;
  /** Where a topic file is (path or URL), for problem reports. */
  locate(sessionPath: string, fileName: string): string;
}

/** Normalizes an archive path to "year/meeting/session/". */
export function normalizeSessionPath(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  if (parts.length !== 3 || !/^\d{4}$/.test(parts[0]!)) {
    throw new Error(
      `Not a live-timing session path: "${path}". Use <year>/<meeting>/<session>/, e.g. 2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/`,
    );
  }
  return `${parts.join("/")}/`;
}

const TOPIC_FILE = /^[A-Za-z]+(?:\.z)?\.jsonStream$/;

/** Reads an archive from a local folder (e.g. ../shared/data/livetiming). */
export function createFolderReader(root: string): ArchiveReader {
  return {
    description: `folder ${root}`,
    async listYears() {
      const entries = await readdir(root, {withFileTypes: true}).catch((error: NodeJS.ErrnoException) => {
        throw new Error(
          `Cannot list the live-timing archive folder ${root}: ${error.message}. Check the path (PITWALL_MIRROR).`,
        );
      });
      return entries
        .filter((entry) => entry.isDirectory() && /^\d{4}$/.test(entry.name))
        .map((entry) => Number(entry.name))
        .sort((a, b) => a - b);
    },
    async readYearIndex(year) {
      const text = await readOptional(join(root, String(year), "Index.json"));
      return text == null ? null : parseIndex(text, join(root, String(year), "Index.json"));
    },
    async listSessionPaths(year) {
      const sessions: string[] = [];
      for (const meeting of await subfolders(join(root, String(year)))) {
        for (const session of await subfolders(join(root, String(year), meeting))) {
          const files = await readdir(join(root, String(year), meeting, session));
          if (files.some((file) => TOPIC_FILE.test(file))) sessions.push(`${year}/${meeting}/${session}/`);
        }
      }
      return sessions.sort();
    },
    async listTopicFiles(sessionPath) {
      const files = await readdir(join(root, normalizeSessionPath(sessionPath))).catch(() => []);
      return files.filter((file) => TOPIC_FILE.test(file)).sort();
    },
    readTopicFile: (sessionPath, fileName) =>
      readOptional(join(root, normalizeSessionPath(sessionPath), fileName)),
    locate: (sessionPath, fileName) => join(root, normalizeSessionPath(sessionPath), fileName),
  };
}

async function subfolders(path: string): Promise<string[]> {
  const entries = await readdir(path, {withFileTypes: true}).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function readOptional(path: string): Promise<string | null> {
  try {
    if (!(await stat(path)).isFile()) return null;
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function parseIndex(text: string, where: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new Error(`${where} is not valid JSON (${(error as Error).message}); it may be truncated.`, {
      cause: error,
    });
  }
}

export const LIVE_TIMING_BASE_URL = "https://livetiming.formula1.com/static/";

export interface HttpReaderOptions {
  /** Defaults to https://livetiming.formula1.com/static/. */
  baseUrl?: string;
  /** Seasons to list online, where the server cannot be listed; defaults to 2018 up to this year. */
  years?: readonly number[];
}

/**
 * Reads the archive over HTTP through PitWall's Http (so mirror mode applies). A mirror can be listed
 * (`Http.listMirrored`); the internet cannot, so online the sessions come from `<year>/Index.json` and the
 * topics of a session from its own `Index.json` (the server's list of feeds).
 */
export function createHttpReader(http: Http, options: HttpReaderOptions = {}): ArchiveReader {
  const base = (options.baseUrl ?? LIVE_TIMING_BASE_URL).replace(/\/?$/, "/");
  const url = (path: string) => new URL(path, base).toString();
  let mirrored: Promise<string[]> | null = null;
  const listMirrored = () => (mirrored ??= http.listMirrored(base));
  const relative = (address: string) => decodeURIComponent(address.slice(base.length));

  return {
    description: base,
    async listYears() {
      const listed = await listMirrored();
      if (listed.length > 0) {
        const years = new Set(
          listed.map((address) => relative(address).split("/")[0]!).filter((year) => /^\d{4}$/.test(year)),
        );
        return [...years].map(Number).sort((a, b) => a - b);
      }
      const thisYear = new Date().getUTCFullYear();
      return options.years ? [...options.years] : Array.from({length: thisYear - 2017}, (_, i) => 2018 + i);
    },
    async readYearIndex(year) {
      const text = await getOptional(http, url(`${year}/Index.json`));
      return text == null ? null : parseIndex(text, url(`${year}/Index.json`));
    },
    async listSessionPaths(year) {
      const listed = await listMirrored();
      if (listed.length === 0) return null;
      const sessions = new Set<string>();
      for (const address of listed) {
        const parts = relative(address).split("/");
        if (parts.length === 4 && parts[0] === String(year) && TOPIC_FILE.test(parts[3]!)) {
          sessions.add(`${parts.slice(0, 3).join("/")}/`);
        }
      }
      return [...sessions].sort();
    },
    async listTopicFiles(sessionPath) {
      const path = normalizeSessionPath(sessionPath);
      const listed = await listMirrored();
      if (listed.length > 0) {
        return listed
          .map(relative)
          .filter((file) => file.startsWith(path) && TOPIC_FILE.test(file.slice(path.length)))
          .map((file) => file.slice(path.length))
          .sort();
      }
      const text = await getOptional(http, url(`${path}Index.json`));
      if (text == null) return [];
      const feeds = (
        parseIndex(text, url(`${path}Index.json`)) as {Feeds?: Record<string, {StreamPath?: string}>}
      ).Feeds;
      return Object.values(feeds ?? {})
        .map((feed) => feed.StreamPath)
        .filter((file): file is string => typeof file === "string" && TOPIC_FILE.test(file))
        .sort();
    },
    readTopicFile: (sessionPath, fileName) =>
      getOptional(http, url(`${normalizeSessionPath(sessionPath)}${fileName}`)),
    locate: (sessionPath, fileName) => url(`${normalizeSessionPath(sessionPath)}${fileName}`),
  };
}

/** GETs a URL; null when the server (or mirror) says it does not exist, other failures throw. */
async function getOptional(http: Http, address: string): Promise<string | null> {
  try {
    return await http.getText(address);
  } catch (error) {
    if (error instanceof HttpError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}
