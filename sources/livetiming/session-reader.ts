import type {Problem} from "../../src/sport/problems.js";
import {
  sessionTables,
  type AbsentTables,
  type SessionTableName,
  type SessionTables,
} from "../../src/sport/session-tables.js";
import type {ArchiveReader} from "./archive-reader.js";
import {normalizeSessionPath} from "./archive-reader.js";
import {indexEntries} from "./discovery.js";
import {applyChange, asObject} from "./merge.js";
import {
  formatOffset,
  parseStreamLines,
  splitStreamLines,
  type RawLine,
  type StreamMessage,
} from "./stream.js";
import {toClassificationRows} from "./tables/classification.js";
import {findFeedSwitch, toDriverRows, toDriverRowsFromTiming, type FeedSwitch} from "./tables/drivers.js";
import {toRaceControlRows} from "./tables/race-control.js";
import {toSessionInfoRow} from "./tables/session-info.js";
import {addStintsToLaps, readTyreHistory, toStintRowsFromTyres} from "./tables/stints.js";
import {toTrackStatusRows} from "./tables/track-status.js";
import {toWeatherRows} from "./tables/weather.js";
import {
  decodeCarData,
  decodePositions,
  toCarDataRows,
  toCarPositionRows,
  type CarDataColumns,
  type CarPositionColumns,
} from "./telemetry.js";
import {estimateStreamStart, type TimeAnchor} from "./time-anchor.js";
import {readTimingData, type SessionClock, type SessionWindow} from "./timing-data.js";
import {fileOfTopic, isCompressedTopic, KNOWN_TOPICS, topicOfFile} from "./topics.js";
import {integer, text} from "./values.js";

/** The archive topics each canonical table is built from (the first one is required). */
export const TABLE_SOURCES: Readonly<Record<SessionTableName, readonly string[]>> = {
  session_info: [
    "SessionInfo",
    "LapCount",
    "SessionData",
    "ExtrapolatedClock",
    "Heartbeat",
    "RaceControlMessages",
  ],
  drivers: ["DriverList", "TimingData", "TimingAppData", "TimingStats", "TopThree"],
  laps: ["TimingData", "TimingAppData", "SessionStatus"],
  stints: ["TimingAppData", "TimingData"],
  pit_stops: ["TimingData", "SessionStatus"],
  race_control: ["RaceControlMessages"],
  track_status: ["TrackStatus"],
  weather: ["WeatherData"],
  positions: ["TimingData"],
  intervals: ["TimingData"],
  car_data: ["CarData.z"],
  car_positions: ["Position.z"],
  classification: ["TimingData"],
};

export interface ReadSessionOptions {
  /**
   * How to return car_data and car_positions (~350 000 samples each in a full session): "rows" (default)
   * as row objects in `tables`; "columns" as typed arrays in `columns` only, with those two tables left
   * empty in `tables` (the fast path for writing Parquet); "skip" to not decode them at all.
   */
  telemetry?: "rows" | "columns" | "skip";
}

/** A topic file the archive lists but that could not be used at all. */
export interface UnreadableTopic {
  topic: string;
  reason: string;
}

export interface SessionRead {
  tables: SessionTables;
  /** Tables that could not be built, with the reason in words. */
  absent: AbsentTables;
  /** Input that was skipped (file and line), the rest of each topic was kept. */
  problems: Problem[];
  /** Topics that exist but could not be read at all: when any, the tables are wrong, not just partial. */
  unreadable: UnreadableTopic[];
  /** True when `unreadable` is not empty: callers must not publish these tables as the session's. */
  fatal: boolean;
  /** How the tables were built where the archive left a choice (time anchor, fallbacks, a feed switch). */
  notes: string[];
  anchor: TimeAnchor;
  /** car_data / car_positions as columns, when asked for with `telemetry: "columns"`. */
  columns: {car_data?: CarDataColumns; car_positions?: CarPositionColumns};
}

/**
 * A session's topics as read from the archive: raw lines, parsed on first use. Each topic's messages go to
 * one table builder, which merges them and so may change them (merging does not copy).
 */
class SessionTopics {
  readonly raw = new Map<string, RawLine[]>();
  private readonly parsed = new Map<string, StreamMessage[]>();

  constructor(
    private readonly reader: ArchiveReader,
    private readonly path: string,
    private readonly problems: Problem[],
    private readonly unreadable: UnreadableTopic[],
  ) {}

  has(topic: string): boolean {
    return this.raw.has(topic);
  }

  locate(topic: string): string {
    return this.reader.locate(this.path, fileOfTopic(topic));
  }

  messages(topic: string): StreamMessage[] | null {
    const lines = this.raw.get(topic);
    if (!lines) return null;
    let messages = this.parsed.get(topic);
    if (!messages) {
      messages = parseStreamLines(lines, this.locate(topic), this.problems);
      if (messages.length === 0 && lines.length > 0) {
        this.unreadable.push({
          topic,
          reason: `none of the ${lines.length} lines of ${fileOfTopic(topic)} could be parsed`,
        });
        this.raw.delete(topic);
        return null;
      }
      this.parsed.set(topic, messages);
    }
    return messages;
  }

  /** Drops everything from `atMs` on, in every topic. */
  cutAt(atMs: number): void {
    for (const [topic, lines] of this.raw)
      this.raw.set(
        topic,
        lines.filter((line) => line.offsetMs < atMs),
      );
    this.parsed.clear();
  }
}

/**
 * Reads one archived session into PitWall's canonical tables. Missing topics make their tables absent (with the
 * reason); broken lines are skipped and reported in `problems`; a topic that exists but cannot be read at all
 * sets `fatal`.
 */
export async function readSessionTables(
  reader: ArchiveReader,
  sessionPath: string,
  options: ReadSessionOptions = {},
): Promise<SessionRead> {
  const path = normalizeSessionPath(sessionPath);
  const problems: Problem[] = [];
  const unreadable: UnreadableTopic[] = [];
  const notes: string[] = [];
  const topics = new SessionTopics(reader, path, problems, unreadable);
  await loadTopics(reader, path, topics, problems, unreadable);

  const feedSwitch = findFeedSwitch(topics.messages("DriverList") ?? []);
  if (feedSwitch) {
    topics.cutAt(feedSwitch.atMs);
    notes.push(feedSwitchNote(feedSwitch, topics.locate("DriverList")));
  }

  const info = mergeAll(topics.messages("SessionInfo"));
  const indexed = info ? null : await findInIndex(reader, path).catch(() => null);
  const scheduled = info ?? indexed;
  const status = sessionWindow(topics.messages("SessionStatus"), text(scheduled?.Type));
  const anchor = estimateStreamStart(anchorTopics(topics), {
    startDate: text(scheduled?.StartDate),
    gmtOffset: text(scheduled?.GmtOffset),
    startedAtMs: status.startedAtMs,
  });
  notes.push(`stream_start from ${anchor.source}`);

  let sessionKey = integer(info?.Key) ?? integer(indexed?.Key);
  if (sessionKey == null) {
    sessionKey = standInSessionKey(path);
    notes.push(
      `session_key ${sessionKey} is a stand-in: SessionInfo.jsonStream is missing and no <year>/Index.json lists this session`,
    );
  }
  const clock: SessionClock = {
    sessionKey,
    dateAt: anchor.streamStartMs == null ? () => null : (offsetMs) => anchor.streamStartMs! + offsetMs,
  };

  const tables = emptyTables();
  const absent: AbsentTables = {};
  const missing = (table: SessionTableName, topic: string) => {
    const why = unreadable.find((entry) => entry.topic === topic);
    absent[table] = why
      ? `${fileOfTopic(topic)} could not be read: ${why.reason}`
      : `${fileOfTopic(topic)} is not in the archive for this session`;
  };

  tables.session_info = [
    toSessionInfoRow({
      path,
      sessionKey,
      info,
      indexed,
      lapCount: mergeAll(topics.messages("LapCount")),
      anchor,
    }),
  ];

  const timingMessages = topics.messages("TimingData");
  const timing = timingMessages
    ? readTimingData(timingMessages, clock, status, topics.locate("TimingData"), problems)
    : null;
  const tyreMessages = topics.messages("TimingAppData");
  const tyres = tyreMessages ? readTyreHistory(tyreMessages) : null;

  if (timing) {
    if (status.isRace && status.startedAtMs != null) {
      for (const lap of timing.laps)
        if (lap.row.lap_number === 1) lap.row.date_start = clock.dateAt(status.startedAtMs);
    }
    tables.stints = tyres ? addStintsToLaps(timing.laps, tyres) : [];
    tables.laps = timing.laps.map((lap) => lap.row);
    tables.pit_stops = timing.pitStops;
    tables.positions = timing.positions;
    tables.classification = toClassificationRows(timing, sessionKey);
    if (timing.hasRaceGaps) tables.intervals = timing.intervals;
    else
      absent.intervals =
        "TimingData of this session has no race gaps (GapToLeader): intervals exist for races and sprints only";
    if (!tyres) absent.stints = "TimingAppData.jsonStream is not in the archive for this session";
  } else {
    for (const table of ["laps", "pit_stops", "positions", "intervals", "classification"] as const)
      missing(table, "TimingData");
    if (tyres) {
      tables.stints = toStintRowsFromTyres(tyres, sessionKey);
      notes.push(
        "stints: lap ranges from TimingAppData TotalLaps − StartLaps (no TimingData to time the laps)",
      );
    } else missing("stints", "TimingAppData");
  }

  const driverMessages = topics.messages("DriverList");
  if (driverMessages) tables.drivers = toDriverRows(driverMessages, sessionKey);
  else {
    const cars = carNumbersFromTopics(topics, timing?.finalState ?? null);
    if (cars.size > 0) {
      tables.drivers = toDriverRowsFromTiming(cars, topics.messages("TopThree") ?? [], sessionKey);
      notes.push(
        `drivers: DriverList.jsonStream is missing; ${cars.size} car numbers from the timing topics, names from TopThree where it has them`,
      );
    } else missing("drivers", "DriverList");
  }

  const raceControl = topics.messages("RaceControlMessages");
  if (raceControl) tables.race_control = toRaceControlRows(raceControl, clock);
  else missing("race_control", "RaceControlMessages");
  const trackStatus = topics.messages("TrackStatus");
  if (trackStatus) tables.track_status = toTrackStatusRows(trackStatus, clock);
  else missing("track_status", "TrackStatus");
  const weather = topics.messages("WeatherData");
  if (weather) tables.weather = toWeatherRows(weather, clock);
  else missing("weather", "WeatherData");

  const columns = readTelemetry(
    topics,
    options.telemetry ?? "rows",
    tables,
    absent,
    sessionKey,
    problems,
    missing,
  );
  for (const topic of topics.raw.keys()) {
    if (!KNOWN_TOPICS.has(topic)) {
      problems.push({source: topics.locate(topic), message: `unknown topic "${topic}"; not read`});
    }
  }
  return {tables, absent, problems, unreadable, fatal: unreadable.length > 0, notes, anchor, columns};
}

function readTelemetry(
  topics: SessionTopics,
  mode: "rows" | "columns" | "skip",
  tables: SessionTables,
  absent: AbsentTables,
  sessionKey: number,
  problems: Problem[],
  missing: (table: SessionTableName, topic: string) => void,
): SessionRead["columns"] {
  const columns: SessionRead["columns"] = {};
  const carData = topics.raw.get("CarData.z");
  const positions = topics.raw.get("Position.z");
  if (mode === "skip") {
    absent.car_data = "not decoded (telemetry: skip)";
    absent.car_positions = "not decoded (telemetry: skip)";
    return columns;
  }
  if (carData) {
    columns.car_data = decodeCarData(carData, topics.locate("CarData.z"), problems);
    if (mode === "rows") tables.car_data = toCarDataRows(columns.car_data, sessionKey);
  } else missing("car_data", "CarData.z");
  if (positions) {
    columns.car_positions = decodePositions(positions, topics.locate("Position.z"), problems);
    if (mode === "rows") tables.car_positions = toCarPositionRows(columns.car_positions, sessionKey);
  } else missing("car_positions", "Position.z");
  return mode === "columns" ? columns : {};
}

async function loadTopics(
  reader: ArchiveReader,
  path: string,
  topics: SessionTopics,
  problems: Problem[],
  unreadable: UnreadableTopic[],
): Promise<void> {
  const files = await reader.listTopicFiles(path);
  if (files.length === 0) {
    throw new Error(
      `${reader.description} holds no topic files for ${path}. Check the path; listSessions() shows the sessions it holds.`,
    );
  }
  await Promise.all(
    files.map(async (file) => {
      const topic = topicOfFile(file);
      let content: string | null;
      try {
        content = await reader.readTopicFile(path, file);
      } catch (error) {
        unreadable.push({topic, reason: (error as Error).message});
        return;
      }
      if (content == null) {
        problems.push({
          source: reader.locate(path, file),
          message: "listed by the archive but not found; topic skipped",
        });
        return;
      }
      const lines = splitStreamLines(content, reader.locate(path, file), problems);
      if (lines.length === 0 && content.trim().replace(/^\uFEFF/, "") !== "") {
        unreadable.push({topic, reason: `no line of ${file} has the "HH:MM:SS.mmm<payload>" form`});
        return;
      }
      if (isCompressedTopic(topic) || lines.length > 0) topics.raw.set(topic, lines);
    }),
  );
}

function anchorTopics(topics: SessionTopics): Map<string, StreamMessage[]> {
  const map = new Map<string, StreamMessage[]>();
  for (const topic of ["SessionData", "ExtrapolatedClock", "Heartbeat", "TeamRadio", "RaceControlMessages"]) {
    if (map.size > 0) break; // the first topic that has any message is used; parse no more than needed
    const messages = topics.messages(topic);
    if (messages && messages.length > 0) map.set(topic, messages);
  }
  return map;
}

function mergeAll(messages: readonly StreamMessage[] | null): Record<string, unknown> | null {
  if (!messages || messages.length === 0) return null;
  let state: unknown = {};
  for (const message of messages) state = applyChange(state, message.change);
  return asObject(state) ?? null;
}

/** When the session started, from SessionStatus: the first "Started" (in a race, the start). */
function sessionWindow(messages: readonly StreamMessage[] | null, type: string | null): SessionWindow {
  const started = messages?.find((message) => text(asObject(message.change)?.Status) === "Started");
  return {startedAtMs: started?.offsetMs ?? null, isRace: type === "Race"};
}

/** The session's entry in `<year>/Index.json`, with its meeting under `Meeting`, or null. */
async function findInIndex(reader: ArchiveReader, path: string): Promise<Record<string, unknown> | null> {
  const entry = indexEntries(await reader.readYearIndex(Number(path.slice(0, 4)))).find(
    (item) => item.path === path,
  );
  return entry ? {...entry.session, Meeting: entry.meeting} : null;
}

/** A negative key derived from the path, for sessions whose archive does not give one. */
export function standInSessionKey(path: string): number {
  let hash = 0;
  for (let i = 0; i < path.length; i++) hash = (Math.imul(hash, 31) + path.charCodeAt(i)) | 0;
  return -(Math.abs(hash) % 1_000_000_000) - 1;
}

function carNumbersFromTopics(
  topics: SessionTopics,
  timingState: Record<string, unknown> | null,
): Set<number> {
  const cars = new Set<number>();
  const addKeys = (lines: unknown) => {
    for (const key of Object.keys(asObject(lines) ?? {})) if (/^\d+$/.test(key)) cars.add(Number(key));
  };
  if (timingState) addKeys(timingState.Lines);
  for (const topic of ["TimingAppData", "TimingStats"]) {
    for (const message of topics.messages(topic) ?? []) addKeys(asObject(message.change)?.Lines);
  }
  return cars;
}

function feedSwitchNote(feedSwitch: FeedSwitch, where: string): string {
  return (
    `${where}:${feedSwitch.line} renames cars that already had drivers at ${formatOffset(feedSwitch.atMs)}: ` +
    `the stream switches to another series there, so everything from then on is left out`
  );
}

function emptyTables(): SessionTables {
  return Object.fromEntries(sessionTables.map((table) => [table.name, []])) as unknown as SessionTables;
}
