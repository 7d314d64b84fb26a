import {join} from "node:path";
import {readErgastCsv} from "../../sources/ergast-csv/index.js";
import {listSessions, type ArchivedSession, type ArchiveReader} from "../../sources/livetiming/index.js";
import type {HistoryTables} from "../../src/sport/history-tables.js";
import type {LiveState} from "../../src/sport/kernel-messages.js";
import type {RunningOrder} from "../../models/in-race/features.js";
import {PRE_RACE_FEATURE_NAMES} from "../../models/pre-race/features.js";
import {PreRaceHistory, type SessionEntries} from "../../models/pre-race/session-entries.js";
import {pitLossAt} from "../../models/lap-time/pit-window.js";
import type {LiveHub} from "../live/hub.js";
import type {InRacePrediction, Predictor} from "./predictor.js";

/** The pre-race table of a session, as GET /v1/predictions/:id/pre-race returns it. */
export interface PreRaceTable {
  session: string;
  year: number;
  round: number;
  race: string;
  source: SessionEntries["source"];
  outOfDomain: string | null;
  columns: readonly string[];
  drivers: {
    driver_number: number | null;
    driver_ref: string;
    constructor_ref: string;
    grid: number | null;
    win: number;
    podium: number;
    features: number[];
    /** What happened, when the race has been run. */
    won: number | null;
  }[];
}

/**
 * Predictions for sessions: pre-race tables (from the history and, for races it lacks, the starting order from
 * timing) and in-race probabilities from a session's live state. Knows nothing of HTTP.
 */
export class PredictionService {
  private history: Promise<{tables: HistoryTables; preRace: PreRaceHistory}> | null = null;
  private archived: Promise<ArchivedSession[]> | null = null;
  private preRaceCache = new Map<string, Promise<PreRaceTable>>();
  /** Starting order seen on the grid, per live session (car numbers, pole first). */
  private grids = new Map<string, number[]>();

  constructor(
    readonly predictor: Predictor,
    private readonly options: {mirror: string | null; archive: ArchiveReader; hub: LiveHub},
  ) {}

  /** The Ergast history, read once (about half a second) on first use. */
  loadHistory(): Promise<{tables: HistoryTables; preRace: PreRaceHistory}> {
    this.history ??= (async () => {
      if (!this.options.mirror) throw new Error("pre-race predictions need the history: set PITWALL_MIRROR");
      const {tables} = await readErgastCsv(join(this.options.mirror, "ergast-csv"));
      return {tables, preRace: new PreRaceHistory(tables)};
    })().catch((error: unknown) => {
      this.history = null;
      throw error;
    });
    return this.history;
  }

  /** Pre-race win and podium probabilities of a session's starters; RangeError when the session is unknown. */
  preRace(sessionId: string): Promise<PreRaceTable> {
    const live = this.options.hub.get(sessionId);
    // A race the history lacks is built from the live grid, which may still be filling in: do not cache it.
    const cached = this.preRaceCache.get(sessionId);
    if (cached && !live) return cached;
    const table = this.buildPreRace(sessionId);
    this.preRaceCache.set(sessionId, table);
    table.catch(() => this.preRaceCache.delete(sessionId));
    return table;
  }

  private async buildPreRace(sessionId: string): Promise<PreRaceTable> {
    const session = await this.describe(sessionId);
    const {preRace} = await this.loadHistory();
    const entries = preRace.entriesFor({...session, startingOrder: this.grids.get(sessionId)});
    const {win, podium} = await this.predictor.preRace(entries.features);
    return {
      session: sessionId,
      year: entries.year,
      round: entries.round,
      race: entries.race_name,
      source: entries.source,
      outOfDomain: entries.outOfDomain,
      columns: PRE_RACE_FEATURE_NAMES,
      drivers: entries.entries
        .map((entry, index) => ({
          driver_number: entry.driver_number,
          driver_ref: entry.driver_ref,
          constructor_ref: entry.constructor_ref,
          grid: entry.grid,
          win: round(win[index]!),
          podium: round(podium[index]!),
          features: entries.features[index]!.map((value) => round(value)),
          won: entries.outcomes ? entries.outcomes[index]!.win : null,
        }))
        .sort((a, b) => b.win - a.win),
    };
  }

  /** Year, meeting and kind of a session, from the archive listing or its live state. */
  private async describe(sessionId: string): Promise<{year: number; meetingName: string; sprint: boolean}> {
    this.archived ??= listSessions(this.options.archive).catch((error: unknown) => {
      this.archived = null;
      throw error;
    });
    const archived = (await this.archived).find((session) => session.session_id === sessionId);
    const state = this.options.hub.get(sessionId)?.model.state;
    const name = archived?.session_name ?? state?.session.name ?? "";
    const meetingName = archived?.meeting_name ?? state?.session.meetingName ?? null;
    const type = archived?.session_type ?? state?.session.type ?? null;
    if (!meetingName)
      throw new RangeError(`no session "${sessionId}" in the archive or live: GET /v1/sessions lists them`);
    if (type !== "Race")
      throw new RangeError(`"${sessionId}" is a ${type ?? "session of unknown type"}, not a race`);
    return {year: archived?.year ?? Number(sessionId.slice(0, 4)), meetingName, sprint: /sprint/i.test(name)};
  }

  /** The running order of a live race after its latest completed lap; null when not a race or not under way. */
  runningOrder(sessionId: string, state: LiveState, preRaceWin: Map<number, number>): RunningOrder | null {
    if (state.session.type !== "Race" || !state.lapCount.total) return null;
    const running = Object.values(state.drivers)
      .filter((driver) => driver.position != null && !driver.retired && !driver.stopped)
      .sort((a, b) => a.position! - b.position!);
    if (running.length === 0) return null;
    const lap = Math.max(0, (state.lapCount.current ?? 1) - 1);
    const order = running.map((driver) => driver.driverNumber);
    if (lap === 0 && !this.grids.has(sessionId)) this.grids.set(sessionId, order);
    const grid = new Map((this.grids.get(sessionId) ?? []).map((car, index) => [car, index + 1]));
    return {lap, totalLaps: state.lapCount.total, order, grid, preRaceWin};
  }

  /** In-race win probabilities from a live state (null when the session is not a race under way). */
  async inRace(
    sessionId: string,
    state: LiveState,
  ): Promise<{order: RunningOrder; predictions: InRacePrediction[]} | null> {
    const preRaceWin = new Map<number, number>();
    const table = await this.preRace(sessionId).catch(() => null);
    for (const driver of table?.drivers ?? [])
      if (driver.driver_number != null) preRaceWin.set(driver.driver_number, driver.win);
    const order = this.runningOrder(sessionId, state, preRaceWin);
    if (!order) return null;
    return {order, predictions: await this.predictor.inRace(order)};
  }

  /** Pit-lane time loss for a session's circuit (median of recent Ergast stops); 22 s without history. */
  async pitLoss(sessionId: string): Promise<number> {
    try {
      const session = await this.describe(sessionId);
      const {tables} = await this.loadHistory();
      const race = tables.races.find(
        (row) => row.year === session.year && row.race_name === session.meetingName,
      );
      return race?.circuit_ref ? pitLossAt(race.circuit_ref, tables) : 22;
    } catch {
      return 22;
    }
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
