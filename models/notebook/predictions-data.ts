import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {readErgastCsv} from "../../sources/ergast-csv/index.js";
import {readLapCharts} from "../../sources/lapcharts/index.js";
import {createFolderReader, readSessionTables} from "../../sources/livetiming/index.js";
import {readSettings, type Settings} from "../../sources/settings.js";
import type {LapRow} from "../../src/sport/session-tables.js";
import {IN_RACE_FEATURE_NAMES, toInRaceFeatures} from "../in-race/features.js";
import {joinLapCharts, toRaceLapsFromSession, type RaceLaps} from "../in-race/races.js";
import {LAP_TIME_FEATURE_NAMES, toLapTimeCompound} from "../lap-time/features.js";
import {estimatePitWindow, pitLossAt, rejoinPosition, type PitWindow} from "../lap-time/pit-window.js";
import {PRE_RACE_FEATURE_NAMES} from "../pre-race/features.js";
import {PreRaceHistory} from "../pre-race/session-entries.js";
import {modelsRoot, readModelArtefacts} from "../shared/artefacts.js";
import type {FeatureContract} from "../shared/contract.js";
import {packGroups} from "../shared/groups.js";
import {openOnnxSession, runOnnx} from "../shared/onnx-runtime.js";

// What the predictions notebook shows for one session: the models' inputs (computed here by the same feature
// code the kernel runs), the contracts and cards, and ONNX Runtime's (Node) outputs, which the page checks
// against its own run of the same ONNX files in the browser. Node only: the Framework loader calls it.

export interface PredictionsData {
  session: string;
  title: string;
  /** Why a section is empty, by section. */
  missing: Record<string, string>;
  models: Record<string, {contract: FeatureContract; card: string}>;
  preRace: {
    race: string;
    source: string;
    outOfDomain: string | null;
    columns: readonly string[];
    drivers: {
      driver_number: number | null;
      driver_ref: string;
      constructor_ref: string;
      grid: number | null;
      won: number | null;
    }[];
    features: number[][];
    /** ONNX Runtime (Node) outputs, to compare with the browser's. */
    node: {win: number[]; podium: number[]};
  } | null;
  inRace: {
    source: string;
    totalLaps: number;
    columns: readonly string[];
    laps: {lap: number; order: number[]; features: number[][]}[];
    node: number[][];
  } | null;
  pitWindow: {
    lap: number;
    pitLossS: number;
    drivers: {
      driver_number: number;
      compound: string;
      tyreAge: number;
      referenceS: number;
      window: PitWindow | null;
      rejoinPosition: number | null;
    }[];
  } | null;
}

/** Builds the notebook's data for a session id (e.g. 2025-miami-grand-prix-sprint). */
export async function buildPredictionsData(
  sessionId: string,
  settings: Settings = readSettings(),
): Promise<PredictionsData> {
  if (!settings.mirror) throw new Error("the predictions notebook reads ../shared/data: set PITWALL_MIRROR");
  const missing: Record<string, string> = {};
  const archive = createFolderReader(join(settings.mirror, "livetiming"));
  // The catalog holds archive and OpenF1 sessions alike; only archive sessions have their timing read here.
  const {findCatalogSession} = await import("../../store/session-catalog.js");
  const found = await findCatalogSession(settings, sessionId);
  const session = {...found, topics: found.source === "livetiming" ? found.topics : []};
  const {tables: history} = await readErgastCsv(join(settings.mirror, "ergast-csv"));
  const models = await readModels();
  const sprint = /sprint/i.test(session.session_name);
  const title = `${session.meeting_name} ${session.year}: ${session.session_name}`;

  let preRace: PredictionsData["preRace"] = null;
  const preRaceWin = new Map<number, number>();
  try {
    const entries = new PreRaceHistory(history).entriesFor({
      year: session.year,
      meetingName: session.meeting_name,
      sprint,
    });
    const node = await runGroups(models["pre-race"]!.onnx, [entries.features], PRE_RACE_FEATURE_NAMES.length);
    entries.entries.forEach((entry, index) => {
      if (entry.driver_number != null) preRaceWin.set(entry.driver_number, node.win[0]![index]!);
    });
    preRace = {
      race: entries.race_name,
      source: entries.source,
      outOfDomain: entries.outOfDomain,
      columns: PRE_RACE_FEATURE_NAMES,
      drivers: entries.entries.map((entry, index) => ({
        driver_number: entry.driver_number,
        driver_ref: entry.driver_ref,
        constructor_ref: entry.constructor_ref,
        grid: entry.grid,
        won: entries.outcomes?.[index]?.win ?? null,
      })),
      features: entries.features,
      node: {win: node.win[0]!, podium: node.podium![0]!},
    };
  } catch (error) {
    missing.preRace = (error as Error).message;
  }

  const tables =
    found.source === "livetiming" && session.topics.includes("TimingData.jsonStream")
      ? (await readSessionTables(archive, found.path, {telemetry: "skip"})).tables
      : null;
  const race = await findRunningOrder(sessionId, session, history, tables?.laps ?? [], preRaceWin, settings);
  let inRace: PredictionsData["inRace"] = null;
  if (race) {
    const laps = [...race.orders.keys()]
      .filter((lap) => lap < race.totalLaps)
      .sort((a, b) => a - b)
      .map((lap) => {
        const rows = toInRaceFeatures({...race, lap, order: race.orders.get(lap)!});
        return {lap, order: rows.map((row) => row.driver_number), features: rows.map((row) => row.features)};
      });
    const node = await runGroups(
      models["in-race"]!.onnx,
      laps.map((lap) => lap.features),
      IN_RACE_FEATURE_NAMES.length,
    );
    inRace = {
      source: race.source,
      totalLaps: race.totalLaps,
      columns: IN_RACE_FEATURE_NAMES,
      laps,
      node: node.win,
    };
  } else {
    missing.inRace =
      "no lap-by-lap running order for this session: the archive has no TimingData and no lap chart covers it";
  }

  let pitWindow: PredictionsData["pitWindow"] = null;
  if (tables && race && tables.laps.some((lap) => toLapTimeCompound(lap.compound) != null)) {
    const circuit = history.races.find(
      (row) => row.year === session.year && row.race_name === session.meeting_name,
    )?.circuit_ref;
    const pitLossS = circuit ? pitLossAt(circuit, history) : 22;
    pitWindow = await pitWindowsAt(
      Math.floor(race.totalLaps / 2),
      race.totalLaps,
      tables.laps,
      pitLossS,
      models["lap-time"]!.onnx,
    );
  } else {
    missing.pitWindow =
      "needs lap times with tyre compounds (TimingData and TimingAppData), which this session's archive lacks";
  }

  return {
    session: sessionId,
    title,
    missing,
    models: Object.fromEntries(
      Object.entries(models).map(([name, model]) => [name, {contract: model.contract, card: model.card}]),
    ),
    preRace,
    inRace,
    pitWindow,
  };
}

async function readModels() {
  const models: Record<string, {contract: FeatureContract; onnx: Uint8Array; card: string}> = {};
  for (const name of ["pre-race", "in-race", "lap-time"]) {
    const folder = join(modelsRoot, name);
    const {contract, onnx} = await readModelArtefacts(folder);
    models[name] = {contract, onnx, card: await readFile(join(folder, "MODEL_CARD.md"), "utf8")};
  }
  return models;
}

/** Runs a group model on groups of feature rows; returns each output per group, trimmed to its rows. */
async function runGroups(onnx: Uint8Array, groups: readonly number[][][], width: number) {
  const rows = groups.flatMap((group, index) =>
    group.map((features) => ({group: String(index), features, win: 0})),
  );
  const batch = packGroups(rows, width);
  const session = await openOnnxSession(onnx);
  try {
    const out = await runOnnx(session, {
      features: [batch.x, [batch.groups, batch.slots, width]],
      present: [batch.present, [batch.groups, batch.slots]],
    });
    const slice = (values: Float32Array | undefined) =>
      values
        ? groups.map((group, index) =>
            Array.from(values.subarray(index * batch.slots, index * batch.slots + group.length)),
          )
        : null;
    return {win: slice(out.win)!, podium: slice(out.podium)};
  } finally {
    await session.release();
  }
}

/** The session's own running order (timing laps), else its lap chart, joined with its result. */
async function findRunningOrder(
  sessionId: string,
  session: {year: number; meeting_name: string; session_name: string},
  history: Awaited<ReturnType<typeof readErgastCsv>>["tables"],
  laps: readonly LapRow[],
  preRaceWin: Map<number, number>,
  settings: Settings,
): Promise<RaceLaps | null> {
  const race = history.races.find(
    (row) => row.year === session.year && row.race_name === session.meeting_name,
  );
  if (!race || !/^(race|sprint)$/i.test(session.session_name)) return null;
  const sprint = /sprint/i.test(session.session_name);
  const results = (sprint ? history.sprint_results : history.results).filter(
    (row) => row.year === race.year && row.round === race.round,
  );
  if (laps.filter((lap) => lap.position != null).length > 100) {
    return toRaceLapsFromSession(
      laps,
      results,
      {year: race.year, round: race.round, race_name: sessionId},
      preRaceWin,
    );
  }
  if (sprint) return null;
  const charts = await readLapCharts(join(settings.mirror!, "lapcharts"));
  const joined = joinLapCharts(
    charts.rows.filter((row) => row.year === race.year),
    history,
    () => undefined,
  ).races.find((candidate) => candidate.round === race.round);
  return joined ? {...joined, preRaceWin} : null;
}

/** Each running driver's pit window and rejoin position at a lap, from their laps so far. */
async function pitWindowsAt(
  lap: number,
  totalLaps: number,
  laps: readonly LapRow[],
  pitLossS: number,
  onnx: Uint8Array,
): Promise<PredictionsData["pitWindow"]> {
  const session = await openOnnxSession(onnx);
  const predict = async (features: number[][], referenceS: number[]) => {
    const out = await runOnnx(session, {
      features: [Float32Array.from(features.flat()), [features.length, LAP_TIME_FEATURE_NAMES.length]],
      reference_s: [Float32Array.from(referenceS), [referenceS.length]],
    });
    return Array.from(out.lap_time_s!);
  };
  try {
    const atLap = laps.filter((row) => row.lap_number === lap);
    const gaps = atLap.filter((row) => row.gap_to_leader_s != null || row.position === 1);
    const drivers: NonNullable<PredictionsData["pitWindow"]>["drivers"] = [];
    for (const row of atLap.sort((a, b) => (a.position ?? 99) - (b.position ?? 99))) {
      const compound = toLapTimeCompound(row.compound);
      if (!compound || row.tyre_age_laps == null) continue;
      const recent = laps
        .filter(
          (other) =>
            other.driver_number === row.driver_number &&
            other.lap_number <= lap &&
            other.stint_number === row.stint_number &&
            other.lap_duration != null &&
            !other.is_pit_in_lap &&
            !other.is_pit_out_lap,
        )
        .slice(-3)
        .map((other) => other.lap_duration!);
      if (recent.length === 0) continue;
      const referenceS = recent.reduce((sum, value) => sum + value, 0) / recent.length;
      const gap = row.position === 1 ? 0 : row.gap_to_leader_s;
      drivers.push({
        driver_number: row.driver_number,
        compound,
        tyreAge: row.tyre_age_laps,
        referenceS: Math.round(referenceS * 1000) / 1000,
        window: await estimatePitWindow(
          {compound, tyreAge: row.tyre_age_laps, lap, totalLaps, referenceS, pitLossS},
          predict,
        ),
        rejoinPosition:
          gap == null
            ? null
            : rejoinPosition(
                gap,
                pitLossS,
                gaps
                  .filter((other) => other.driver_number !== row.driver_number)
                  .map((other) => (other.position === 1 ? 0 : other.gap_to_leader_s!)),
              ),
      });
    }
    return {lap, pitLossS, drivers};
  } finally {
    await session.release();
  }
}
