import {existsSync} from "node:fs";
import {join} from "node:path";
import {readLapChart} from "../sources/lapcharts/index.js";
import {readCircuitCorners} from "../sources/multiviewer/index.js";
import type {Settings} from "../sources/settings.js";
import type {Problem} from "../src/sport/problems.js";
import type {CircuitCornerRow, SessionLapChartRow, SessionTables} from "../src/sport/session-tables.js";

/** Rows of the tables the store derives for a session, and why each one left empty is empty. */
export interface DerivedTables {
  lap_chart: SessionLapChartRow[];
  circuit_corners: CircuitCornerRow[];
  absent: {lap_chart?: string; circuit_corners?: string};
  problems: Problem[];
}

/** The names the derivation needs from the catalog. */
export interface SessionNames {
  year: number;
  meeting_name: string;
  session_name: string;
}

/** Files besides the archive that derived tables read: their change must rebuild the session. */
export function listDerivedSources(session: SessionNames, settings: Pick<Settings, "mirror">): string[] {
  if (!settings.mirror) return [];
  const charts = join(settings.mirror, "lapcharts");
  return [charts, join(charts, toLapChartFile(session)), join(settings.mirror, "multiviewer", "circuits")];
}

/** Builds the derived tables: the lap chart (from TimingData, else the lap-chart archive) and the circuit's corners. */
export async function buildDerivedTables(
  session: SessionNames,
  tables: SessionTables,
  settings: Pick<Settings, "mirror">,
): Promise<DerivedTables> {
  const derived: DerivedTables = {lap_chart: [], circuit_corners: [], absent: {}, problems: []};
  const info = tables.session_info[0];
  const sessionKey = info?.session_key ?? 0;
  await addLapChart(derived, session, tables, sessionKey, settings);
  await addCorners(derived, info?.circuit_key ?? null, session.year, sessionKey, settings);
  return derived;
}

/** "2023_british_grand_prix.csv" for the 2023 British Grand Prix: the lap-chart archive's file name. */
export function toLapChartFile(session: Pick<SessionNames, "year" | "meeting_name">): string {
  const slug = session.meeting_name.normalize("NFC").trim().toLowerCase().replace(/\s+/g, "_");
  return `${session.year}_${slug}.csv`;
}

async function addLapChart(
  derived: DerivedTables,
  session: SessionNames,
  tables: SessionTables,
  sessionKey: number,
  settings: Pick<Settings, "mirror">,
): Promise<void> {
  const isRace =
    tables.session_info[0]?.session_type === "Race" || /^(race|sprint)$/i.test(session.session_name);
  if (!isRace) {
    derived.absent.lap_chart = `Lap charts are for races and sprints; this session is ${session.session_name}.`;
    return;
  }
  const fromTiming = toTimingLapChart(tables, sessionKey);
  if (fromTiming.length > 0) {
    derived.lap_chart = fromTiming;
    return;
  }
  const file = toLapChartFile(session);
  const path = settings.mirror ? join(settings.mirror, "lapcharts", file) : null;
  // The archive's lap charts are of grands prix: a sprint's order would be the wrong race.
  if (path && existsSync(path) && /^race$/i.test(session.session_name)) {
    const read = await readLapChart(path);
    derived.problems.push(...read.problems);
    derived.lap_chart = read.rows.map((row) => ({
      session_key: sessionKey,
      lap_number: row.lap,
      position: row.position,
      driver_number: row.driver_number,
      source: "lapcharts",
    }));
    if (derived.lap_chart.length > 0) return;
  }
  derived.absent.lap_chart =
    `No running order: TimingData is not in the archive for this session and the lap-chart archive has no ${file} ` +
    `(it covers grands prix of 2021 to mid-2024).`;
}

/**
 * Positions at the end of every lap from TimingData, and the grid as lap 0: each car's last position before
 * the race started (timing shows the grid order until the start).
 */
function toTimingLapChart(tables: SessionTables, sessionKey: number): SessionLapChartRow[] {
  const rows: SessionLapChartRow[] = tables.laps
    .filter((lap) => lap.position != null)
    .map((lap) => ({
      session_key: sessionKey,
      lap_number: lap.lap_number,
      position: lap.position!,
      driver_number: lap.driver_number,
      source: "TimingData",
    }));
  if (rows.length === 0) return rows;
  const starts = tables.laps
    .filter((lap) => lap.lap_number === 1 && lap.date_start != null)
    .map((lap) => lap.date_start!);
  if (starts.length === 0) return rows;
  const raceStart = Math.min(...starts);
  const grid = new Map<number, number>();
  for (const sample of [...tables.positions].sort((a, b) => (a.date ?? 0) - (b.date ?? 0))) {
    if (sample.date != null && sample.date <= raceStart && sample.position != null)
      grid.set(sample.driver_number, sample.position);
  }
  for (const [driverNumber, position] of grid) {
    rows.push({
      session_key: sessionKey,
      lap_number: 0,
      position,
      driver_number: driverNumber,
      source: "TimingData",
    });
  }
  return rows.sort((a, b) => a.lap_number - b.lap_number || a.position - b.position);
}

async function addCorners(
  derived: DerivedTables,
  circuitKey: number | null,
  year: number,
  sessionKey: number,
  settings: Pick<Settings, "mirror">,
): Promise<void> {
  if (!settings.mirror) {
    derived.absent.circuit_corners =
      "Circuit layouts are read from <mirror>/multiviewer/circuits, and no mirror is set.";
    return;
  }
  if (circuitKey == null) {
    derived.absent.circuit_corners = "The session does not say which circuit it ran on (no circuit_key).";
    return;
  }
  const read = await readCircuitCorners(join(settings.mirror, "multiviewer", "circuits"), circuitKey, year);
  if (read.reason != null) {
    derived.absent.circuit_corners = read.reason;
    return;
  }
  derived.circuit_corners = read.corners.map((corner) => ({
    session_key: sessionKey,
    number: corner.number,
    letter: corner.letter ?? "",
    x: corner.x,
    y: corner.y,
    angle_deg: corner.angle_deg,
    rotation_deg: read.rotation_deg,
    layout_year: read.layout_year,
  }));
}
