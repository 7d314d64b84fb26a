import type {Problem} from "../../src/sport/problems.js";
import type {IntervalRow, LapRow, PitStopRow, PositionRow} from "../../src/sport/session-tables.js";
import {roundMs} from "../../src/sport/lap-time.js";
import {parseTimingGap} from "./gaps.js";
import {applyChange, asObject, listItem} from "./merge.js";
import type {StreamMessage} from "./stream.js";
import {integer, seconds, text} from "./values.js";

/** Turns stream offsets into UTC dates for one session. */
export interface SessionClock {
  sessionKey: number;
  /** UTC epoch ms of a stream offset, or null when the stream could not be anchored in time. */
  dateAt(offsetMs: number): number | null;
}

/** When the session started, from SessionStatus: pit-lane moves before it (to the grid) are not stops. */
export interface SessionWindow {
  /** Offset of the first "Started" (races: the start), or null when unknown. */
  startedAtMs: number | null;
  isRace: boolean;
}

/** Rows are filled in several passes (late sector 3, stints) before they are handed out. */
export type Mutable<T> = {-readonly [K in keyof T]: T[K]};

/** A lap with the offsets it started and ended at, kept for joining stints by time. */
export interface TimedLap {
  row: Mutable<LapRow>;
  startMs: number | null;
  endMs: number;
}

export interface TimingDataTables {
  laps: TimedLap[];
  pitStops: PitStopRow[];
  positions: PositionRow[];
  intervals: IntervalRow[];
  /** TimingData merged to its final state. */
  finalState: Record<string, unknown>;
  /** Per car: the last non-empty qualifying best lap text of each part (Q1, Q2, Q3). */
  partBests: Map<number, (string | null)[]>;
  /** Highest qualifying part (SessionPart) seen: 0 outside qualifying. */
  sessionParts: number;
  /** True when TimingData carried race gaps (GapToLeader); false for practice and qualifying. */
  hasRaceGaps: boolean;
}

/** What the car is doing on the lap it has not finished yet. */
interface LapDraft {
  sectors: (string | null)[];
  i1: string | null;
  i2: string | null;
  fl: string | null;
  st: string | null;
  lapTime: string | null;
  lapTimeSent: boolean;
  pitIn: boolean;
  pitOut: boolean;
  personalBest: boolean;
  startMs: number | null;
  /**
   * Set when LastLapTime arrived before NumberOfLaps moved. In qualifying and practice a car that
   * returns to the garage gets its in-lap time as it crosses the line in the pit lane, but the lap
   * counter only moves when the car next leaves the garage, minutes later (or never, after its last run).
   */
  crossedAtMs: number | null;
  crossedLine: LineSnapshot | null;
}

interface LineSnapshot {
  position: number | null;
  gap: string | null;
  part: number | null;
}

interface ClosedLap {
  lap: TimedLap;
  lapTimeSent: boolean;
}

function newDraft(startMs: number | null, pitOut: boolean): LapDraft {
  return {
    sectors: [null, null, null],
    i1: null,
    i2: null,
    fl: null,
    st: null,
    lapTime: null,
    lapTimeSent: false,
    pitIn: false,
    pitOut,
    personalBest: false,
    startMs,
    crossedAtMs: null,
    crossedLine: null,
  };
}

function valueOf(item: unknown): string | undefined {
  const value = asObject(item)?.Value;
  return typeof value === "string" ? value : undefined;
}

function filled(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}

/** Follows one car through TimingData: assembles its laps and pit-lane visits. */
class CarTiming {
  completed = 0;
  seen = false;
  draft: LapDraft = newDraft(null, false);
  lastClosed: ClosedLap | null = null;
  /** The lap just closed may still receive its sector 3, finish-line speed or lap time. */
  lateDataOpen = false;
  inPit = false;
  pitOut = false;
  carryOutLap = false;
  pitEntry: {atMs: number; lap: number} | null = null;
  stops = 0;
  lastPosition: number | null = null;

  constructor(
    readonly car: number,
    private readonly out: TimingDataBuilder,
  ) {}

  observe(
    change: Record<string, unknown>,
    atMs: number,
    line: Record<string, unknown>,
    message: StreamMessage,
  ): void {
    const lapCount = typeof change.NumberOfLaps === "number" ? change.NumberOfLaps : null;
    if (!this.seen) {
      this.seen = true;
      if (lapCount != null && lapCount >= 2) {
        // The archive starts after this car had already run: its earlier laps are not in it.
        this.completed = lapCount;
        this.out.problem(
          message.line,
          `car ${this.car} enters the stream on lap ${lapCount}; laps 1-${lapCount} are not in the archive`,
        );
        return;
      }
    }
    const increments = lapCount != null && lapCount > this.completed;
    // A NumberOfLaps that does not move forward is a correction echo (seen in 2020): its LastLapTime
    // repeats an older lap and must not be taken as a new one.
    const echo = lapCount != null && !increments;

    const sectors = change.Sectors;
    const s = [0, 1, 2].map((k) => valueOf(listItem(sectors, k)));
    const speeds = asObject(change.Speeds);
    const i1 = valueOf(speeds?.I1);
    const i2 = valueOf(speeds?.I2);
    let fl = valueOf(speeds?.FL);
    const st = valueOf(speeds?.ST);
    let lapTime = echo ? undefined : valueOf(change.LastLapTime);

    // Since 2023 or so, sector 3 and the finish-line speed arrive a moment after the NumberOfLaps that ends the lap.
    if (!increments && this.lateDataOpen && this.lastClosed) {
      const row = this.lastClosed.lap.row;
      if (filled(s[2]) && row.duration_sector_3 == null) {
        row.duration_sector_3 = seconds(s[2]);
        s[2] = undefined;
      }
      if (filled(fl) && row.fl_speed == null) {
        row.fl_speed = integer(fl);
        fl = undefined;
      }
      if (filled(lapTime) && !this.lastClosed.lapTimeSent) {
        row.lap_duration = seconds(lapTime);
        this.lastClosed.lapTimeSent = true;
        lapTime = undefined;
      }
    }

    this.trackPit(change, atMs);

    const draft = this.draft;
    if (!increments && filled(lapTime) && this.isRevert(lapTime)) {
      // Timing took back a lap it had just ended (2023 Montreal, red flag): it re-sends the previous lap's
      // time and sector 3, and the car's next NumberOfLaps counts from before the lap it took back.
      this.undoCrossing(draft);
    } else {
      this.takeValues(draft, {s, i1, i2, fl, st, lapTime}, increments, atMs, line);
    }
    if (increments) {
      for (let lap = this.completed + 1; lap < lapCount!; lap++) {
        this.out.problem(
          message.line,
          `car ${this.car}: NumberOfLaps jumps from ${this.completed} to ${lapCount}; lap ${lap} has no timing`,
        );
        this.closeLap(lap, atMs, line, newDraft(null, false));
      }
      this.closeLap(lapCount!, atMs, line, this.draft);
      this.completed = lapCount!;
    }
    // The first sector of a new lap (or sectors reset to "") means the previous lap is over for good.
    if (filled(s[0]) || filled(s[1]) || filled(i1) || filled(i2) || s[1] === "" || s[2] === "") {
      this.lateDataOpen = false;
    }

    const best = valueOf(change.BestLapTime);
    if (filled(best)) this.markPersonalBest(seconds(best));

    const position = integer(change.Position);
    if (position != null && position !== this.lastPosition) {
      this.lastPosition = position;
      this.out.addPosition(atMs, this.car, position);
    }
    if ("GapToLeader" in change || "IntervalToPositionAhead" in change)
      this.out.addInterval(atMs, this.car, line);
  }

  /** Puts the values a message sent on the lap being driven. */
  private takeValues(
    draft: LapDraft,
    sent: {s: (string | undefined)[]; i1?: string; i2?: string; fl?: string; st?: string; lapTime?: string},
    increments: boolean,
    atMs: number,
    line: Record<string, unknown>,
  ): void {
    const {s, i1, i2, fl, st, lapTime} = sent;
    const endsLap =
      !increments &&
      draft.crossedAtMs == null &&
      filled(s[2]) &&
      (draft.sectors[0] != null || draft.sectors[1] != null);
    for (let k = 0; k < 3; k++) if (filled(s[k])) draft.sectors[k] = s[k]!;
    if (filled(i1)) draft.i1 = i1;
    if (filled(i2)) draft.i2 = i2;
    if (filled(fl)) draft.fl = fl;
    if (filled(st)) draft.st = st;
    if (lapTime !== undefined) this.takeLapTime(draft, lapTime, increments, atMs, line);
    // Sector 3 ends at the line: a car that crosses it in the pit lane without a lap time still finished the lap.
    if (endsLap && draft.crossedAtMs == null) this.markCrossed(draft, atMs, line);
  }

  private takeLapTime(
    draft: LapDraft,
    lapTime: string,
    increments: boolean,
    atMs: number,
    line: Record<string, unknown>,
  ): void {
    if (draft.crossedAtMs != null && lapTime === "") return; // a reset (new qualifying part) after the in-lap
    draft.lapTime = lapTime === "" ? null : lapTime;
    draft.lapTimeSent = true;
    if (!increments && lapTime !== "" && draft.crossedAtMs == null) this.markCrossed(draft, atMs, line);
  }

  private markCrossed(draft: LapDraft, atMs: number, line: Record<string, unknown>): void {
    draft.crossedAtMs = atMs;
    draft.crossedLine = this.snapshot(line);
  }

  /** A lap time equal to the last closed lap's, sent after another one crossed the line, takes that crossing back. */
  private isRevert(lapTime: string): boolean {
    const closed = this.lastClosed;
    return (
      this.draft.crossedAtMs != null && closed != null && closed.lap.row.lap_duration === seconds(lapTime)
    );
  }

  private undoCrossing(draft: LapDraft): void {
    draft.crossedAtMs = null;
    draft.crossedLine = null;
    draft.lapTime = null;
    draft.lapTimeSent = false;
    draft.sectors[2] = null;
    draft.fl = null;
  }

  private trackPit(change: Record<string, unknown>, atMs: number): void {
    const inPit = typeof change.InPit === "boolean" ? change.InPit : this.inPit;
    const pitOut = typeof change.PitOut === "boolean" ? change.PitOut : this.pitOut;
    const entered = inPit && !this.inPit;
    const exited = (!inPit && this.inPit) || (pitOut && !this.pitOut);
    this.inPit = inPit;
    this.pitOut = pitOut;
    const started = this.out.window.startedAtMs == null || atMs >= this.out.window.startedAtMs;
    if (entered && started) {
      this.pitEntry = {atMs, lap: this.completed + 1};
      if (this.draft.crossedAtMs == null) this.draft.pitIn = true;
    }
    if (exited && started) {
      if (this.pitEntry) this.addStop(this.pitEntry, atMs);
      this.pitEntry = null;
      // After the in-lap has crossed the line, the exit belongs to the next lap.
      if (this.draft.crossedAtMs != null) this.carryOutLap = true;
      else this.draft.pitOut = true;
    }
  }

  addStop(entry: {atMs: number; lap: number}, exitMs: number | null): void {
    this.stops++;
    this.out.pitStops.push({
      session_key: this.out.clock.sessionKey,
      driver_number: this.car,
      stop_number: this.stops,
      lap_number: entry.lap,
      date: this.out.clock.dateAt(entry.atMs),
      pit_duration: exitMs == null ? null : roundMs((exitMs - entry.atMs) / 1000),
    });
  }

  private snapshot(line: Record<string, unknown>): LineSnapshot {
    return {position: integer(line.Position), gap: text(line.GapToLeader), part: this.out.part};
  }

  closeLap(lapNumber: number, atMs: number, line: Record<string, unknown>, draft: LapDraft): void {
    const endMs = draft.crossedAtMs ?? atMs;
    const at = draft.crossedLine ?? this.snapshot(line);
    const lapTime = draft.lapTimeSent ? draft.lapTime : this.unsentLapTime(draft, line);
    const gap = parseTimingGap(at.gap);
    const row: Mutable<LapRow> = {
      session_key: this.out.clock.sessionKey,
      driver_number: this.car,
      lap_number: lapNumber,
      date_start: draft.startMs == null ? null : this.out.clock.dateAt(draft.startMs),
      session_time_s: endMs / 1000,
      lap_duration: seconds(lapTime),
      duration_sector_1: seconds(draft.sectors[0]),
      duration_sector_2: seconds(draft.sectors[1]),
      duration_sector_3: seconds(draft.sectors[2]),
      i1_speed: integer(draft.i1),
      i2_speed: integer(draft.i2),
      fl_speed: integer(draft.fl),
      st_speed: integer(draft.st),
      is_pit_out_lap: draft.pitOut,
      is_pit_in_lap: draft.pitIn,
      is_personal_best: draft.personalBest,
      position: at.position,
      gap_to_leader_s: gap.seconds,
      qualifying_part: at.part != null && at.part > 0 ? at.part : null,
      stint_number: null,
      compound: null,
      tyre_age_laps: null,
    };
    const timed: TimedLap = {row, startMs: draft.startMs, endMs};
    this.out.laps.push(timed);
    this.lastClosed = {lap: timed, lapTimeSent: draft.lapTimeSent || lapTime != null};
    this.lateDataOpen = true;
    const startedInPit = this.carryOutLap || this.inPit || this.pitOut;
    this.carryOutLap = false;
    this.draft = newDraft(endMs, startedInPit);
  }

  /**
   * The feed sends only what changed, so a lap exactly as fast as the one before has no LastLapTime of its
   * own. The merged value is taken only when the lap's three sectors add up to it; otherwise the lap had no time.
   */
  private unsentLapTime(draft: LapDraft, line: Record<string, unknown>): string | null {
    const current = valueOf(line.LastLapTime);
    const time = seconds(current);
    const parts = draft.sectors.map((sector) => seconds(sector));
    if (time == null || parts.some((part) => part == null)) return null;
    const sum = parts.reduce((total, part) => total! + part!, 0)!;
    return Math.abs(sum - time) <= 0.0025 ? current! : null;
  }

  private markPersonalBest(best: number | null): void {
    if (best == null) return;
    const closed = this.lastClosed?.lap.row;
    if (this.draft.crossedAtMs != null && seconds(this.draft.lapTime) === best)
      this.draft.personalBest = true;
    else if (closed && closed.lap_duration === best) closed.is_personal_best = true;
  }

  /** At the end of the stream: an in-lap that crossed the line but was never counted is still a lap. */
  finish(line: Record<string, unknown>): void {
    if (this.draft.crossedAtMs != null)
      this.closeLap(this.completed + 1, this.draft.crossedAtMs, line, this.draft);
    if (this.pitEntry) this.addStop(this.pitEntry, null);
    this.pitEntry = null;
  }
}

class TimingDataBuilder {
  laps: TimedLap[] = [];
  pitStops: PitStopRow[] = [];
  positions: PositionRow[] = [];
  intervals: IntervalRow[] = [];
  part: number | null = null;
  maxPart = 0;
  hasRaceGaps = false;
  partBests = new Map<number, (string | null)[]>();

  constructor(
    readonly clock: SessionClock,
    readonly window: SessionWindow,
    readonly source: string,
    readonly problems: Problem[],
  ) {}

  problem(line: number, message: string): void {
    this.problems.push({source: this.source, line, message});
  }

  addPosition(atMs: number, car: number, position: number): void {
    this.positions.push({
      session_key: this.clock.sessionKey,
      date: this.clock.dateAt(atMs),
      session_time_s: atMs / 1000,
      driver_number: car,
      position,
    });
  }

  addInterval(atMs: number, car: number, line: Record<string, unknown>): void {
    this.hasRaceGaps = true;
    const leader = parseTimingGap(line.GapToLeader);
    const ahead = parseTimingGap(valueOf(line.IntervalToPositionAhead));
    this.intervals.push({
      session_key: this.clock.sessionKey,
      date: this.clock.dateAt(atMs),
      session_time_s: atMs / 1000,
      driver_number: car,
      gap_to_leader_s: leader.seconds,
      laps_behind_leader: leader.laps,
      interval_s: ahead.isLeader ? null : ahead.seconds,
      laps_behind_ahead: ahead.laps,
    });
  }

  notePartBests(car: number, bests: unknown): void {
    if (bests === undefined) return;
    const known = this.partBests.get(car) ?? [null, null, null];
    for (let part = 0; part < 3; part++) {
      const value = valueOf(listItem(bests, part));
      // 2019-era archives blank a part's best when the next part begins; keep the last real time.
      if (filled(value)) known[part] = value;
    }
    this.partBests.set(car, known);
  }
}

/** Reads TimingData once, in time order: laps, pit stops, positions and intervals, plus the final state. */
export function readTimingData(
  messages: readonly StreamMessage[],
  clock: SessionClock,
  window: SessionWindow,
  source: string,
  problems: Problem[],
): TimingDataTables {
  const out = new TimingDataBuilder(clock, window, source, problems);
  const cars = new Map<string, CarTiming>();
  let state: Record<string, unknown> = {};
  for (const message of messages) {
    const change = asObject(message.change);
    if (!change) {
      out.problem(message.line, "TimingData line is not a JSON object; skipped");
      continue;
    }
    if (typeof change.SessionPart === "number") {
      out.part = change.SessionPart;
      out.maxPart = Math.max(out.maxPart, change.SessionPart);
    }
    state = applyChange(state, change) as Record<string, unknown>;
    const lines = asObject(change.Lines);
    if (!lines) continue;
    const merged = asObject(state.Lines) ?? {};
    for (const key in lines) {
      const carChange = asObject(lines[key]);
      const car = /^\d+$/.test(key) ? Number(key) : NaN;
      if (!carChange || Number.isNaN(car)) continue;
      let timing = cars.get(key);
      if (!timing) cars.set(key, (timing = new CarTiming(car, out)));
      timing.observe(carChange, message.offsetMs, asObject(merged[key]) ?? {}, message);
      if ("BestLapTimes" in carChange) out.notePartBests(car, asObject(merged[key])?.BestLapTimes);
    }
  }
  const finalLines = asObject(state.Lines) ?? {};
  for (const [key, timing] of cars) timing.finish(asObject(finalLines[key]) ?? {});
  out.laps.sort((a, b) => a.row.driver_number - b.row.driver_number || a.row.lap_number - b.row.lap_number);
  return {
    laps: out.laps,
    pitStops: out.pitStops,
    positions: out.positions,
    intervals: out.intervals,
    finalState: state,
    partBests: out.partBests,
    sessionParts: out.maxPart,
    hasRaceGaps: out.hasRaceGaps,
  };
}
