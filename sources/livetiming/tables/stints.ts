import type {StintRow} from "../../../src/sport/session-tables.js";
import {applyChange, asObject, listItem} from "../merge.js";
import type {StreamMessage} from "../stream.js";
import type {Mutable, TimedLap} from "../timing-data.js";
import {flag, integer, text} from "../values.js";

/** A tyre set as TimingAppData described it at some moment. */
interface TyreSet {
  /** Index in the car's Stints list, from 0. */
  index: number;
  compound: string | null;
  isNew: boolean | null;
  startLaps: number | null;
  totalLaps: number | null;
}

/** Per car: the sets it had, as they stood after each TimingAppData message that touched them. */
export interface TyreHistory {
  byCar: Map<number, {atMs: number; sets: TyreSet[]}[]>;
  /** The final state of every car's sets (compounds corrected after the fact live here). */
  finalSets: Map<number, TyreSet[]>;
}

/** Reads TimingAppData's Stints lists over time. */
export function readTyreHistory(messages: readonly StreamMessage[]): TyreHistory {
  const byCar = new Map<number, {atMs: number; sets: TyreSet[]}[]>();
  let state: Record<string, unknown> = {};
  for (const message of messages) {
    const lines = asObject(asObject(message.change)?.Lines);
    state = applyChange(state, message.change) as Record<string, unknown>;
    if (!lines) continue;
    const merged = asObject(state.Lines) ?? {};
    for (const [key, change] of Object.entries(lines)) {
      if (!/^\d+$/.test(key) || asObject(change)?.Stints === undefined) continue;
      const car = Number(key);
      const history = byCar.get(car) ?? [];
      history.push({atMs: message.offsetMs, sets: toSets(asObject(merged[key])?.Stints)});
      byCar.set(car, history);
    }
  }
  const finalSets = new Map<number, TyreSet[]>();
  for (const [key, line] of Object.entries(asObject(state.Lines) ?? {})) {
    if (/^\d+$/.test(key)) finalSets.set(Number(key), toSets(asObject(line)?.Stints));
  }
  return {byCar, finalSets};
}

function toSets(stints: unknown): TyreSet[] {
  const sets: TyreSet[] = [];
  if (stints === null || typeof stints !== "object") return sets;
  for (const key of Object.keys(stints)) {
    const stint = asObject(listItem(stints, Number(key)));
    if (!/^\d+$/.test(key) || !stint) continue;
    sets.push({
      index: Number(key),
      compound: knownCompound(stint.Compound),
      isNew: flag(stint.New),
      startLaps: integer(stint.StartLaps),
      totalLaps: integer(stint.TotalLaps),
    });
  }
  return sets.sort((a, b) => a.index - b.index);
}

/** "UNKNOWN" (a set fitted before timing knows it) and "" are not compounds. */
function knownCompound(value: unknown): string | null {
  const compound = text(value)?.toUpperCase() ?? null;
  return compound === "UNKNOWN" || compound === "TEST_UNKNOWN" ? null : compound;
}

/**
 * The set on the car at a stream offset: the newest stint TimingAppData had listed by then. A lap that ends
 * before the first set is listed (the first lap, in some archives) was run on that first set.
 */
function setAt(history: readonly {atMs: number; sets: TyreSet[]}[], atMs: number): TyreSet | null {
  let found: TyreSet[] = [];
  for (const snapshot of history) {
    if (snapshot.atMs <= atMs || found.length === 0) found = snapshot.sets;
    if (snapshot.atMs > atMs && found.length > 0) break;
  }
  return found.at(-1) ?? null;
}

/**
 * Fills stint_number, compound and tyre_age_laps on the laps and returns the stints they form. A lap takes
 * the set on the car when it ended (an in-lap: when it started, since the new set may be listed before the
 * car crosses the line in the pit lane). TimingAppData sometimes rewrites a stint in place at a stop
 * (2025 Miami sprint: inters → softs in the same entry), so a change of compound also starts a new stint.
 * Tyre age counts from the set's StartLaps, one per lap in the stint.
 */
export function addStintsToLaps(laps: readonly TimedLap[], tyres: TyreHistory): StintRow[] {
  const stints: StintRow[] = [];
  const byCar = new Map<number, TimedLap[]>();
  for (const lap of laps) {
    const list = byCar.get(lap.row.driver_number) ?? [];
    list.push(lap);
    byCar.set(lap.row.driver_number, list);
  }
  for (const [car, carLaps] of byCar) {
    const history = tyres.byCar.get(car) ?? [];
    const finalSets = tyres.finalSets.get(car) ?? [];
    let current: Mutable<StintRow> | null = null;
    let currentKey = "";
    let lapsInStint = 0;
    for (const lap of carLaps) {
      const atMs = lap.row.is_pit_in_lap && lap.startMs != null ? lap.startMs : lap.endMs;
      const set = setAt(history, atMs);
      if (!set) continue;
      const compound = set.compound ?? finalSets.find((final) => final.index === set.index)?.compound ?? null;
      const key = `${set.index}:${compound}`;
      if (!current || key !== currentKey) {
        const previous: number = current?.stint_number ?? 0;
        current = {
          session_key: lap.row.session_key,
          driver_number: car,
          stint_number: previous + 1,
          lap_start: lap.row.lap_number,
          lap_end: lap.row.lap_number,
          compound,
          is_new: set.isNew,
          tyre_age_at_start: set.startLaps,
        };
        stints.push(current);
        currentKey = key;
        lapsInStint = 0;
      }
      lapsInStint++;
      current.lap_end = lap.row.lap_number;
      lap.row.stint_number = current.stint_number;
      lap.row.compound = compound;
      lap.row.tyre_age_laps =
        current.tyre_age_at_start == null ? null : current.tyre_age_at_start + lapsInStint;
    }
  }
  return stints.sort((a, b) => a.driver_number - b.driver_number || a.stint_number - b.stint_number);
}

/**
 * Stints from TimingAppData alone (no TimingData to time the laps): one per listed set, laps counted from
 * TotalLaps − StartLaps one after the other, as races report them. Qualifying and practice counts can be a
 * lap or two off, because the lap out of the garage is not always counted.
 */
export function toStintRowsFromTyres(tyres: TyreHistory, sessionKey: number): StintRow[] {
  const rows: StintRow[] = [];
  for (const [car, sets] of [...tyres.finalSets].sort((a, b) => a[0] - b[0])) {
    let lapStart = 1;
    sets.forEach((set, position) => {
      const laps = set.totalLaps != null ? set.totalLaps - (set.startLaps ?? 0) : null;
      rows.push({
        session_key: sessionKey,
        driver_number: car,
        stint_number: position + 1,
        lap_start: laps != null && laps > 0 ? lapStart : null,
        lap_end: laps != null && laps > 0 ? lapStart + laps - 1 : null,
        compound: set.compound,
        is_new: set.isNew,
        tyre_age_at_start: set.startLaps,
      });
      if (laps != null && laps > 0) lapStart += laps;
    });
  }
  return rows;
}
