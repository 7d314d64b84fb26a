import {join} from "node:path";
import {createHttpFromSettings} from "../sources/http/index.js";
import {readSessionTables, TABLE_SOURCES} from "../sources/livetiming/index.js";
import {createOpenF1Client, getSessionTables} from "../sources/openf1/index.js";
import type {Settings} from "../sources/settings.js";
import {formatProblem} from "../src/sport/problems.js";
import {
  availabilityTable,
  derivedSessionTables,
  sessionTables,
  type AbsentTables,
  type AvailabilityRow,
  type SessionTableName,
  type SessionTables,
} from "../src/sport/session-tables.js";
import type {TableSpec} from "../src/sport/schema.js";
import type {ColumnarTable, TableData} from "./parquet-writer.js";
import {rowCount} from "./parquet-writer.js";
import {openArchive, type CatalogSession} from "./session-catalog.js";
import {buildDerivedTables, listDerivedSources, type DerivedTables} from "./session-derived.js";
import type {SourceStamp, TableSet} from "./table-store.js";

/**
 * What the session's tables are built from. For a local archive: its topic files and the session folder
 * itself (whose time changes when a topic file is added or removed).
 */
export function stampSession(session: CatalogSession, settings: Settings): SourceStamp {
  if (session.source === "livetiming") {
    const folder = settings.mirror ? join(settings.mirror, "livetiming", session.path) : null;
    if (!folder) return {key: `livetiming-http:${session.path}:${session.topics.join(",")}`};
    return {
      files: [
        folder,
        ...session.topics.map((topic) => join(folder, topic)),
        ...listDerivedSources(session, settings),
      ],
    };
  }
  return {key: `openf1:${session.session_key}:${settings.mirror ?? "internet"}`};
}

/** Builds every canonical table of a session, plus the availability table saying what is absent and why. */
export async function buildSession(session: CatalogSession, settings: Settings): Promise<TableSet> {
  return session.source === "livetiming"
    ? buildFromArchive(session, settings)
    : buildFromOpenF1(session, settings);
}

async function buildFromArchive(
  session: Extract<CatalogSession, {source: "livetiming"}>,
  settings: Settings,
): Promise<TableSet> {
  const read = await readSessionTables(await openArchive(settings), session.path, {telemetry: "columns"});
  if (read.fatal) {
    const topics = read.unreadable.map((topic) => `${topic.topic} (${topic.reason})`).join("; ");
    throw new Error(
      `${session.session_id}: cannot build correct tables, unreadable topics: ${topics}. ` +
        `Fix or remove the broken files in the archive and run again.`,
    );
  }
  const data = new Map<SessionTableName, TableData>();
  for (const spec of sessionTables) data.set(spec.name, read.tables[spec.name]);
  const sessionKey = read.tables.session_info[0]?.session_key ?? null;
  const {car_data: carData, car_positions: carPositions} = read.columns;
  if (carData) data.set("car_data", columnar(carData, sessionKey));
  if (carPositions) data.set("car_positions", columnar(carPositions, sessionKey));
  const derived = await buildDerivedTables(session, read.tables, settings);
  const problems = [
    ...read.problems.map(formatProblem),
    ...derived.problems.map(formatProblem),
    ...read.notes.map((note) => `note: ${note}`),
  ];
  return toTableSet(session, read.tables, data, read.absent, problems, derived, (name) =>
    TABLE_SOURCES[name].join(", "),
  );
}

async function buildFromOpenF1(
  session: Extract<CatalogSession, {source: "openf1"}>,
  settings: Settings,
): Promise<TableSet> {
  const client = createOpenF1Client(await createHttpFromSettings(settings));
  const build = await getSessionTables(client, session.session_key, {telemetry: settings.mirror == null});
  const data = new Map<SessionTableName, TableData>();
  for (const spec of sessionTables) data.set(spec.name, build.tables[spec.name]);
  const derived = await buildDerivedTables(session, build.tables, settings);
  return toTableSet(
    session,
    build.tables,
    data,
    build.absent,
    [...build.problems.map(formatProblem), ...derived.problems.map(formatProblem)],
    derived,
    () => "OpenF1 /v1",
  );
}

function columnar(columns: {length: number}, sessionKey: number | null): ColumnarTable {
  const arrays: Record<string, ArrayLike<unknown>> = {};
  for (const [name, value] of Object.entries(columns)) if (typeof value !== "number") arrays[name] = value;
  return {length: columns.length, columns: arrays, constants: {session_key: sessionKey}};
}

function toTableSet(
  session: CatalogSession,
  tables: SessionTables,
  data: Map<SessionTableName, TableData>,
  absent: AbsentTables,
  problems: string[],
  derived: DerivedTables,
  sourcesOf: (name: SessionTableName) => string,
): TableSet {
  // Every source names the session its own way; the catalog's id is the one URLs use.
  data.set(
    "session_info",
    tables.session_info.map((row) => ({...row, session_id: session.session_id})),
  );
  const availability: AvailabilityRow[] = sessionTables.map((spec) => {
    const reason = absent[spec.name] ?? null;
    return {
      table_name: spec.name,
      status: reason == null ? "present" : "absent",
      row_count: rowCount(data.get(spec.name)!),
      reason,
      source_topics: sourcesOf(spec.name),
    };
  });
  const derivedSources = {lap_chart: "TimingData, lapcharts/", circuit_corners: "multiviewer/circuits/"};
  for (const spec of derivedSessionTables) {
    const reason = derived.absent[spec.name] ?? null;
    availability.push({
      table_name: spec.name,
      status: reason == null ? "present" : "absent",
      row_count: derived[spec.name].length,
      reason,
      source_topics: derivedSources[spec.name],
    });
  }
  const entries: [TableSpec, TableData][] = sessionTables.map((spec) => [spec, data.get(spec.name)!]);
  for (const spec of derivedSessionTables) entries.push([spec, derived[spec.name]]);
  entries.push([availabilityTable, availability]);
  return {
    tables: new Map(entries),
    absent: {...absent, ...derived.absent} as Record<string, string>,
    problems,
  };
}
