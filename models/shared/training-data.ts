import {join} from "node:path";
import {readErgastCsv} from "../../sources/ergast-csv/index.js";
import {readLapCharts} from "../../sources/lapcharts/index.js";
import {
  createFolderReader,
  listSessions,
  readSessionTables,
  type ArchivedSession,
  type ArchiveReader,
} from "../../sources/livetiming/index.js";
import {readSettings, type Settings} from "../../sources/settings.js";
import type {HistoryTables, LapChartRow} from "../../src/sport/history-tables.js";
import type {SessionTables} from "../../src/sport/session-tables.js";

// The trainers' inputs, read through the project's sources from the shared data folder (never copied into
// the repository). Node only.

/** Everything the three trainers read. */
export interface TrainingData {
  history: HistoryTables;
  lapCharts: LapChartRow[];
  /** Archived sessions with lap times, in date order. */
  sessions: {session: ArchivedSession; tables: SessionTables}[];
}

/** Reads the Ergast history, the lap charts and the archive sessions that have lap timing. */
export async function readTrainingData(
  log: (message: string) => void,
  settings: Settings = readSettings(),
): Promise<TrainingData> {
  if (!settings.mirror) {
    throw new Error(
      "training reads ../shared/data: set PITWALL_MIRROR to the folder holding ergast-csv/, lapcharts/, livetiming/",
    );
  }
  const {tables: history, problems} = await readErgastCsv(join(settings.mirror, "ergast-csv"));
  log(
    `history: ${history.results.length} results, ${history.races.length} races (${problems.length} rows skipped)`,
  );
  const charts = await readLapCharts(join(settings.mirror, "lapcharts"));
  log(`lap charts: ${charts.rows.length} rows (${charts.problems.length} problems noted)`);
  const archive = createFolderReader(join(settings.mirror, "livetiming"));
  const sessions = await readTimedSessions(archive, log);
  return {history, lapCharts: charts.rows, sessions};
}

/** Every archived session that has TimingData (lap times) and TimingAppData (tyres), read without telemetry. */
export async function readTimedSessions(
  archive: ArchiveReader,
  log: (message: string) => void,
): Promise<TrainingData["sessions"]> {
  const listed = (await listSessions(archive)).filter(
    (session) =>
      session.topics.includes("TimingData.jsonStream") && session.topics.includes("TimingAppData.jsonStream"),
  );
  const out: TrainingData["sessions"] = [];
  for (const [index, session] of listed.entries()) {
    const read = await readSessionTables(archive, session.path, {telemetry: "skip"});
    log(`sessions: [${index + 1}/${listed.length}] ${session.session_id}: ${read.tables.laps.length} laps`);
    out.push({session, tables: read.tables});
  }
  return out.sort((a, b) => (a.session.start_date ?? "").localeCompare(b.session.start_date ?? ""));
}
