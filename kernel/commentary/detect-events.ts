import type {CommentaryEvent, CommentaryEventKind, FactValue} from "../../src/sport/commentary.js";
import type {LiveDriver, LiveState} from "../../src/sport/kernel-messages.js";
import {KERNEL_TOPICS, PREDICTIONS_TOPIC, RESET_TOPIC} from "../timing/feed-event.js";
import {isRaceSession, toCommentaryDriver, toDriverLabel, toRaceContext, toTenths} from "./event-facts.js";
import {readRaceControl} from "./race-control.js";

/** Thresholds of the detector; the defaults suit live timing. */
export interface DetectorOptions {
  /** A new running order (or fastest lap) counts once it has held this long, ms of feed time. */
  settleMs: number;
  /** A car this close to the one ahead, s, is "closing in"... */
  closingS: number;
  /** ...and is announced again only after dropping back past this gap, s. */
  closingRearmS: number;
  /** A change in a car's win probability this large (0-1) is a swing. */
  swingThreshold: number;
  /** Closing-in is announced for cars up to this position. */
  closingMaxPosition: number;
}

export const defaultDetectorOptions: DetectorOptions = {
  settleMs: 5_000,
  closingS: 1,
  closingRearmS: 1.5,
  swingThreshold: 0.15,
  closingMaxPosition: 10,
};

const PRIORITY: Record<CommentaryEventKind, number> = {
  "red-flag": 100,
  finish: 95,
  "safety-car": 90,
  "virtual-safety-car": 85,
  start: 80,
  retirement: 70,
  "track-clear": 65,
  penalty: 60,
  "rain-start": 60,
  "rain-stop": 50,
  overtake: 50,
  "win-probability-swing": 55,
  "pit-position-change": 45,
  "pit-stop": 40,
  "fastest-lap": 35,
  investigation: 30,
  flag: 20,
  closing: 15,
  "personal-best": 10,
};

type Phase = "green" | "safety-car" | "safety-car-ending" | "vsc" | "vsc-ending" | "red";

/** The event each phase of a neutralisation starts with. */
const NEUTRALISATIONS: Partial<
  Record<Phase, {kind: CommentaryEventKind; phase: "deployed" | "ending" | null; headline: string}>
> = {
  red: {kind: "red-flag", phase: null, headline: "Red flag"},
  "safety-car": {kind: "safety-car", phase: "deployed", headline: "Safety car deployed"},
  "safety-car-ending": {kind: "safety-car", phase: "ending", headline: "Safety car in this lap"},
  vsc: {kind: "virtual-safety-car", phase: "deployed", headline: "Virtual safety car deployed"},
  "vsc-ending": {kind: "virtual-safety-car", phase: "ending", headline: "Virtual safety car ending"},
};

interface PitVisit {
  enteredAt: number;
  /** The running order when the car came in. */
  orderBefore: number[];
  lap: number | null;
  positionBefore: number | null;
  stopsBefore: number;
  stintBefore: number;
  tyreBefore: {compound: string | null; ageLaps: number | null} | null;
  phase: Phase;
}

interface PendingStop extends PitVisit {
  car: number;
  exitedAt: number;
}

/** The one event an observed feed event is: what the detector needs of it. */
export interface ObservedEvent {
  topic: string;
  offsetMs: number;
  utc: number | null;
}

/**
 * Detects what is worth saying from the kernel's live state, one feed event at a time: the same state the
 * clients see, so the live feed and a replayed archive (the post-race summary) give the same events with the
 * same ids. Call `observe` after the timing model has applied each event, and `flush` at the end of a session.
 *
 * Position changes are judged once the running order has held for `settleMs`: timing updates the two cars of a
 * pass in separate messages, and flickers at timing lines. A position change is an overtake only when neither
 * car was in the pit lane (or on its out-lap) while it happened, no car retired, and the track was green; a
 * car that gets ahead of another through their stops is a pit-position change; a car that loses places by
 * stopping is told in its pit-stop event.
 */
export class EventDetector {
  private readonly options: DetectorOptions;
  private previous: LiveState | null = null;
  private clock = 0;
  private started = false;
  private finished = false;
  private phase: Phase = "green";
  private raceControlSeen = 0;
  private committedOrder: number[] | null = null;
  private candidate: {order: number[]; since: number} | null = null;
  private pitTouched = new Set<number>();
  private gone = new Set<number>();
  private visits = new Map<number, PitVisit>();
  private pendingStops: PendingStop[] = [];
  private pendingFastest: {event: CommentaryEvent; due: number} | null = null;
  private closingArmed = new Map<number, {armed: boolean; ahead: number | null}>();
  private flagsSeen = new Map<string, number>();
  private emitted = new Set<string>();
  private rainCount = 0;
  private neutralisedUntilLap = 0;
  /** The lap count when racing began: the first racing lap shuffles the field, and big moves are real then. */
  private racingSinceLap: number | null = null;
  private lastPass = new Map<string, number>();
  private lastClosing = new Map<string, number>();

  constructor(options: Partial<DetectorOptions> = {}) {
    this.options = {...defaultDetectorOptions, ...options};
  }

  /** Looks at the state after one feed event; returns the events it completes. */
  observe(state: LiveState, event: ObservedEvent): CommentaryEvent[] {
    if (event.topic === RESET_TOPIC) {
      this.reset();
      this.previous = {...state};
      return [];
    }
    if (KERNEL_TOPICS.has(event.topic) && event.topic !== PREDICTIONS_TOPIC) return [];
    this.clock = Math.max(this.clock, event.offsetMs);
    const previous = this.previous ?? state;
    const found: CommentaryEvent[] = [];
    const emit = (kind: CommentaryEventKind, key: string, fields: EventFields) => {
      const id = `${kind}:${key}`;
      if (this.emitted.has(id)) return;
      this.emitted.add(id);
      found.push(this.toEvent(kind, id, state, event.utc, fields));
    };
    if (state.session !== previous.session) this.onSession(previous, state, emit);
    if (state.raceControl.length !== this.raceControlSeen) this.onRaceControl(state, emit);
    if (state.trackStatus.status !== previous.trackStatus.status) this.onTrackStatus(state, emit);
    if (state.weather?.rainfall !== previous.weather?.rainfall) this.onWeather(previous, state, emit);
    if (state.drivers !== previous.drivers) this.onDrivers(previous, state, emit);
    if (state.predictions !== previous.predictions) this.onPredictions(previous, state, emit);
    this.settle(state, emit, false);
    this.previous = {...state};
    return found;
  }

  /** Settles what is pending (the running order, pit stops, the fastest lap): call at the end of a session. */
  flush(state: LiveState): CommentaryEvent[] {
    const found: CommentaryEvent[] = [];
    this.settle(
      state,
      (kind, key, fields) => {
        const id = `${kind}:${key}`;
        if (this.emitted.has(id)) return;
        this.emitted.add(id);
        found.push(this.toEvent(kind, id, state, null, fields));
      },
      true,
    );
    return found;
  }

  /**
   * Takes a session as it stands without telling anything (a capture restored after a restart): later events
   * are compared with it, so nothing already told is told again.
   */
  prime(state: LiveState, offsetMs: number): void {
    this.reset();
    this.clock = offsetMs;
    this.previous = {...state};
    this.raceControlSeen = state.raceControl.length;
    const status = state.session.status;
    this.started = status != null && status !== "Inactive";
    this.finished = ["Finished", "Finalised", "Ends"].includes(status ?? "");
    this.committedOrder = runningOrder(state);
    this.racingSinceLap = this.isRacing(state) ? -Infinity : null;
    const phases: Record<string, Phase> = {"4": "safety-car", "5": "red", "6": "vsc", "7": "vsc-ending"};
    this.phase = phases[state.trackStatus.status ?? ""] ?? "green";
  }

  /** Forgets everything (a replay that seeks back starts the session over). */
  reset(): void {
    this.previous = null;
    this.clock = 0;
    this.started = false;
    this.finished = false;
    this.phase = "green";
    this.raceControlSeen = 0;
    this.committedOrder = null;
    this.candidate = null;
    this.pitTouched.clear();
    this.gone.clear();
    this.visits.clear();
    this.pendingStops = [];
    this.pendingFastest = null;
    this.closingArmed.clear();
    this.flagsSeen.clear();
    this.emitted.clear();
    this.rainCount = 0;
    this.neutralisedUntilLap = 0;
    this.racingSinceLap = null;
    this.lastPass.clear();
    this.lastClosing.clear();
  }

  /**
   * Racing has begun once the leader has completed a lap: before that, cars leave the pit lane, line up and
   * crawl round on the formation lap, and timing's order changes say nothing about overtaking. The order held
   * then (the grid) is what the first racing lap is compared with.
   */
  private isRacing(state: LiveState): boolean {
    if (!this.started || this.finished || !isRaceSession(state)) return false;
    const leader = byPosition(state)[0];
    return (leader?.lapsCompleted ?? 0) >= 1;
  }

  private toEvent(
    kind: CommentaryEventKind,
    id: string,
    state: LiveState,
    utc: number | null,
    fields: EventFields,
  ): CommentaryEvent {
    const drivers = fields.cars.map((car) => toCommentaryDriver(state.drivers[String(car)], car));
    return {
      id,
      kind,
      priority: fields.priority ?? PRIORITY[kind],
      lap: state.lapCount.current,
      utc,
      offsetMs: this.clock,
      headline: fields.headline,
      drivers,
      facts: fields.facts,
      context: toRaceContext(state),
    };
  }

  private onSession(previous: LiveState, state: LiveState, emit: Emit): void {
    const status = state.session.status;
    if (status === previous.session.status) return;
    const name = state.session.name ?? "session";
    if (status === "Started" && !this.started) {
      this.started = true;
      const polesitter = byPosition(state)[0];
      const facts: Record<string, FactValue> = {session: name};
      if (state.lapCount.total != null) facts.totalLaps = state.lapCount.total;
      if (polesitter && isRaceSession(state)) facts.firstOnTheGrid = label(polesitter);
      emit("start", name, {
        cars: polesitter && isRaceSession(state) ? [polesitter.driverNumber] : [],
        headline: `The ${name} is under way`,
        facts,
      });
    }
    if (["Finished", "Finalised", "Ends"].includes(status ?? "") && this.started) this.onFinish(state, emit);
  }

  private onFinish(state: LiveState, emit: Emit): void {
    if (this.finished) return;
    this.finished = true;
    const podium = byPosition(state).slice(0, 3);
    const name = state.session.name ?? "session";
    const winner = podium[0];
    const race = isRaceSession(state);
    const facts: Record<string, FactValue> = {session: name};
    podium.forEach((driver, index) => (facts[`P${index + 1}`] = label(driver)));
    if (state.lapCount.current != null) facts.laps = state.lapCount.current;
    emit("finish", name, {
      cars: podium.map((driver) => driver.driverNumber),
      headline: winner
        ? `${label(winner)} ${race ? "wins" : "is fastest in"} the ${name}`
        : `The ${name} is over`,
      facts,
    });
  }

  private onRaceControl(state: LiveState, emit: Emit): void {
    // A reset empties the list; a restored capture starts the count again.
    if (state.raceControl.length < this.raceControlSeen) this.raceControlSeen = 0;
    const fresh = state.raceControl.slice(this.raceControlSeen);
    const firstIndex = this.raceControlSeen;
    this.raceControlSeen = state.raceControl.length;
    fresh.forEach((message, offset) => {
      const meaning = readRaceControl(message);
      if (!meaning) return;
      const key = `rc${firstIndex + offset}`;
      const lap = message.lap ?? state.lapCount.current;
      const lapFacts: Record<string, FactValue> = lap == null ? {} : {lap};
      switch (meaning.kind) {
        case "red-flag":
          return this.toPhase("red", emit, lapFacts);
        case "track-clear":
          return this.toPhase("green", emit, lapFacts);
        case "chequered-flag":
          if (this.started) this.onFinish(state, emit);
          return;
        case "safety-car":
          return this.toPhase(
            meaning.phase === "deployed" ? "safety-car" : "safety-car-ending",
            emit,
            lapFacts,
          );
        case "virtual-safety-car":
          return this.toPhase(meaning.phase === "deployed" ? "vsc" : "vsc-ending", emit, lapFacts);
        case "flag": {
          if (!this.started || this.finished) return;
          const where = meaning.sector == null ? "track" : `sector ${meaning.sector}`;
          const seen = this.flagsSeen.get(`${meaning.flag}|${where}`);
          this.flagsSeen.set(`${meaning.flag}|${where}`, this.clock);
          if (seen != null && this.clock - seen < 120_000) return;
          const facts: Record<string, FactValue> = {flag: meaning.flag, ...lapFacts};
          if (meaning.sector != null) facts.sector = meaning.sector;
          return emit("flag", key, {
            cars: [],
            headline: `${capitalise(meaning.flag)} flag${meaning.sector == null ? "" : ` in sector ${meaning.sector}`}`,
            facts,
          });
        }
        case "penalty":
        case "investigation": {
          const cars = meaning.cars.filter((car) => state.drivers[String(car)]);
          const names = cars.map((car) => label(state.drivers[String(car)]!));
          const facts: Record<string, FactValue> = {message: message.message.trim(), ...lapFacts};
          if (meaning.reason) facts.reason = meaning.reason.toLowerCase();
          if (meaning.kind === "penalty") facts.penalty = meaning.penalty.toLowerCase();
          else facts.outcome = meaning.outcome.toLowerCase();
          const who = names.length > 0 ? names.join(" and ") : "a car";
          return emit(meaning.kind, key, {
            cars,
            headline:
              meaning.kind === "penalty"
                ? `${meaning.penalty.toLowerCase()} for ${who}`.replace(/^./, (c) => c.toUpperCase())
                : `Stewards: ${who}, ${meaning.outcome.toLowerCase()}`,
            facts,
          });
        }
      }
    });
  }

  private onTrackStatus(state: LiveState, emit: Emit): void {
    const lap = state.lapCount.current;
    const lapFacts: Record<string, FactValue> = lap == null ? {} : {lap};
    switch (state.trackStatus.status) {
      case "4":
        return this.toPhase("safety-car", emit, lapFacts);
      case "5":
        return this.toPhase("red", emit, lapFacts);
      case "6":
        return this.toPhase("vsc", emit, lapFacts);
      case "7":
        return this.toPhase("vsc-ending", emit, lapFacts);
      case "1":
        return this.toPhase("green", emit, lapFacts);
      default:
        return;
    }
  }

  /** Race control and the track status both say when the race is neutralised: one event per change of phase. */
  private toPhase(next: Phase, emit: Emit, lapFacts: Record<string, FactValue>): void {
    const previous = this.phase;
    if (next === previous) return;
    // "Safety car in this lap" may come after the track status already went back to green.
    if (
      (next === "safety-car-ending" && previous !== "safety-car") ||
      (next === "vsc-ending" && previous !== "vsc")
    )
      return;
    this.phase = next;
    const at = `${lapFacts.lap ?? "L?"}:${Math.round(this.clock / 1000)}`;
    const neutralisation = NEUTRALISATIONS[next];
    if (neutralisation) {
      const {kind, phase, headline} = neutralisation;
      return emit(kind, phase ? `${phase}:${at}` : at, {
        cars: [],
        headline,
        facts: phase ? {phase, ...lapFacts} : {...lapFacts},
        // The end of a neutralisation matters less than its start.
        priority: phase === "ending" ? 60 : undefined,
      });
    }
    switch (next) {
      case "green": {
        // The field is bunched after a neutralisation: closing-in means nothing for two laps.
        this.neutralisedUntilLap = Number(lapFacts.lap ?? 0) + 2;
        const after = {
          red: "red flag",
          "safety-car": "safety car",
          "safety-car-ending": "safety car",
          vsc: "virtual safety car",
          "vsc-ending": "virtual safety car",
          green: "",
        }[previous];
        if (!after || this.finished) return;
        return emit("track-clear", at, {
          cars: [],
          headline: `Track clear after the ${after}`,
          facts: {after, ...lapFacts},
        });
      }
    }
  }

  private onWeather(previous: LiveState, state: LiveState, emit: Emit): void {
    const before = previous.weather?.rainfall;
    const now = state.weather?.rainfall;
    if (before == null || now == null || before === now) return;
    this.rainCount++;
    const facts: Record<string, FactValue> = {};
    if (state.lapCount.current != null) facts.lap = state.lapCount.current;
    if (state.weather?.trackTemperature != null) facts.trackTemperatureC = state.weather.trackTemperature;
    emit(now ? "rain-start" : "rain-stop", String(this.rainCount), {
      cars: [],
      headline: now ? "Rain is falling" : "The rain has stopped",
      facts,
    });
  }

  private onDrivers(previous: LiveState, state: LiveState, emit: Emit): void {
    const race = isRaceSession(state);
    for (const [key, driver] of Object.entries(state.drivers)) {
      const before = previous.drivers[key];
      if (!before || before === driver) continue;
      const car = driver.driverNumber;
      if (driver.inPit || driver.pitOut) this.pitTouched.add(car);
      if (driver.inPit && !before.inPit) {
        this.visits.set(car, {
          enteredAt: this.clock,
          orderBefore: runningOrder(state) ?? runningOrder(previous) ?? this.committedOrder ?? [],
          // The car's own lap (its in-lap), as the canonical pit_stops table counts it.
          lap: (before.lapsCompleted ?? 0) + 1,
          positionBefore: before.position,
          stopsBefore: before.pitStops ?? 0,
          stintBefore: before.stint ?? 0,
          tyreBefore: before.tyre ? {compound: before.tyre.compound, ageLaps: before.tyre.ageLaps} : null,
          phase: this.phase,
        });
      }
      if (!driver.inPit && before.inPit) {
        const visit = this.visits.get(car);
        this.visits.delete(car);
        if (visit && race && this.started && !this.finished && visit.phase !== "red")
          this.pendingStops.push({...visit, car, exitedAt: this.clock});
      }
      if ((driver.retired && !before.retired) || (driver.stopped && !before.stopped && !before.retired)) {
        this.gone.add(car);
        if (this.started && !this.finished && (race || driver.retired)) {
          const facts: Record<string, FactValue> = {status: driver.retired ? "retired" : "stopped on track"};
          if (state.lapCount.current != null) facts.lap = state.lapCount.current;
          if (before.position != null) facts.lastPosition = before.position;
          emit("retirement", String(car), {
            cars: [car],
            headline: `${label(driver)} ${driver.retired ? "retires" : "has stopped on track"}`,
            facts,
          });
        }
      }
      if (driver.bestLap.overallBest && driver.bestLap.time && driver.bestLap.time !== before.bestLap.time) {
        if (!race || (this.isRacing(state) && (state.lapCount.current ?? 0) >= 3))
          this.onFastestLap(driver, state);
      } else if (
        !race &&
        driver.lastLap.personalBest &&
        driver.lastLap.time &&
        driver.lastLap.time !== before.lastLap.time &&
        (driver.position ?? 99) <= 10
      ) {
        const facts: Record<string, FactValue> = {lapTime: driver.lastLap.time};
        if (driver.position != null) facts.position = driver.position;
        emit("personal-best", `${car}:${driver.lastLap.time}`, {
          cars: [car],
          headline: `Personal best for ${label(driver)}: ${driver.lastLap.time}`,
          facts,
        });
      }
      if (race) this.onClosing(driver, state, emit);
    }
  }

  private onFastestLap(driver: LiveDriver, state: LiveState): void {
    const time = driver.bestLap.time!;
    const id = `fastest-lap:${driver.driverNumber}:${time}`;
    const facts: Record<string, FactValue> = {lapTime: time};
    if (driver.bestLap.lap != null) facts.onLap = driver.bestLap.lap;
    const event = this.toEvent("fastest-lap", id, state, null, {
      cars: [driver.driverNumber],
      headline: `Fastest lap: ${label(driver)}, ${time}`,
      facts,
    });
    this.pendingFastest = {event, due: this.clock + this.options.settleMs * 2};
  }

  private onClosing(driver: LiveDriver, state: LiveState, emit: Emit): void {
    const car = driver.driverNumber;
    const interval = driver.intervalS;
    const ahead = byPosition(state).find((other) => other.position === (driver.position ?? 0) - 1);
    const memory = this.closingArmed.get(car) ?? {armed: false, ahead: null};
    if (interval == null || !ahead) return;
    if (interval >= this.options.closingRearmS || memory.ahead !== ahead.driverNumber) memory.armed = true;
    memory.ahead = ahead.driverNumber;
    this.closingArmed.set(car, memory);
    const lap = state.lapCount.current ?? 0;
    const eligible =
      this.isRacing(state) &&
      this.phase === "green" &&
      lap >= 3 &&
      lap > this.neutralisedUntilLap &&
      (driver.position ?? 99) <= this.options.closingMaxPosition &&
      !driver.inPit &&
      !driver.pitOut &&
      !ahead.inPit &&
      !ahead.pitOut;
    if (!memory.armed || interval >= this.options.closingS || !eligible) return;
    memory.armed = false;
    // The same pair closing up again within five laps is the same battle.
    const pair = `${car}:${ahead.driverNumber}`;
    if (lap - (this.lastClosing.get(pair) ?? -Infinity) < 5) return;
    this.lastClosing.set(pair, lap);
    emit("closing", `${car}:${ahead.driverNumber}:L${lap}`, {
      cars: [car, ahead.driverNumber],
      headline: `${label(driver)} is within a second of ${label(ahead)}`,
      facts: {interval: driver.interval ?? `+${interval.toFixed(3)}`, position: driver.position ?? 0, lap},
    });
  }

  private onPredictions(previous: LiveState, state: LiveState, emit: Emit): void {
    const before = previous.predictions;
    const now = state.predictions;
    if (!before || !now || before.lap === now.lap) return;
    let best: {car: string; from: number; to: number} | null = null;
    for (const [car, to] of Object.entries(now.win)) {
      const from = before.win[car];
      if (from == null || Math.abs(to - from) < this.options.swingThreshold) continue;
      if (!best || Math.abs(to - from) > Math.abs(best.to - best.from)) best = {car, from, to};
    }
    if (!best) return;
    const driver = state.drivers[best.car];
    const percent = (value: number) => `${Math.round(value * 100)}%`;
    emit("win-probability-swing", `${best.car}:L${now.lap}`, {
      cars: [Number(best.car)],
      headline: `${driver ? label(driver) : `Car ${best.car}`}: win chance ${percent(best.from)} to ${percent(best.to)}`,
      facts: {winChanceBefore: percent(best.from), winChanceNow: percent(best.to), afterLap: now.lap},
    });
  }

  /** Commits the running order once it has held, and the pit stops and fastest lap once they have settled. */
  private settle(state: LiveState, emit: Emit, final: boolean): void {
    const order = runningOrder(state);
    if (order) {
      if (!this.candidate || !sameOrder(this.candidate.order, order))
        this.candidate = {order, since: this.clock};
    }
    const candidate = this.candidate;
    if (
      candidate &&
      (final || this.clock - candidate.since >= this.options.settleMs) &&
      !(this.committedOrder && sameOrder(this.committedOrder, candidate.order))
    ) {
      if (this.committedOrder && this.isRacing(state))
        this.onOrderChange(this.committedOrder, candidate.order, state, emit);
      this.committedOrder = candidate.order;
      this.pitTouched = new Set(
        Object.values(state.drivers)
          .filter((driver) => driver.inPit || driver.pitOut)
          .map((driver) => driver.driverNumber),
      );
      this.gone = new Set(
        Object.values(state.drivers)
          .filter((driver) => driver.retired || driver.stopped)
          .map((driver) => driver.driverNumber),
      );
    }
    // A stop is told once the order behind it has settled and the new set shows, or at most 15 s after the exit.
    const ready = this.pendingStops.filter((stop) => {
      const since = this.clock - stop.exitedAt;
      const driver = state.drivers[String(stop.car)];
      return (
        final ||
        since >= 15_000 ||
        (since >= this.options.settleMs && driver != null && fittedNewSet(stop, driver))
      );
    });
    this.pendingStops = this.pendingStops.filter((stop) => !ready.includes(stop));
    for (const stop of ready) this.onPitStop(stop, state, emit);
    if (this.pendingFastest && (final || this.clock >= this.pendingFastest.due)) {
      const {event} = this.pendingFastest;
      this.pendingFastest = null;
      const holder = state.drivers[String(event.drivers[0]!.driverNumber)];
      // Still the fastest lap once things have settled (a flurry at the line keeps only the last).
      if (
        holder?.bestLap.overallBest &&
        holder.bestLap.time === event.facts.lapTime &&
        !this.emitted.has(event.id)
      ) {
        emit("fastest-lap", event.id.slice("fastest-lap:".length), {
          cars: [holder.driverNumber],
          headline: event.headline,
          facts: event.facts,
        });
      }
    }
  }

  private onPitStop(stop: PendingStop, state: LiveState, emit: Emit): void {
    const driver = state.drivers[String(stop.car)];
    if (!driver || driver.retired) return;
    const stops = driver.pitStops ?? 0;
    // Timing counts stops (NumberOfPitStops) at the entry or at the exit; a visit that added none (a drive
    // through the lane under a red flag, or before the start) is not a stop. Feeds without the count trust the visit.
    if (driver.pitStops != null && stops <= stop.stopsBefore) return;
    const seconds = (stop.exitedAt - stop.enteredAt) / 1000;
    if (seconds < 5 || seconds > 180) return;
    const facts: Record<string, FactValue> = {pitLaneTimeS: toTenths(seconds)};
    if (stops > 0) facts.stopNumber = stops;
    if (stop.lap != null) facts.lap = stop.lap;
    // The new set shows in TimingAppData seconds after the exit: until then the tyre is the old one. It is the
    // new set once there is another stint, or the last stint's compound or age has changed (some archives
    // rewrite the last stint in place rather than adding one).
    const newSet = fittedNewSet(stop, driver) ? (driver.tyre?.compound ?? null) : null;
    if (newSet) facts.newTyres = newSet;
    if (stop.positionBefore != null) facts.positionBefore = stop.positionBefore;
    if (driver.position != null) facts.positionAfter = driver.position;
    emit("pit-stop", `${stop.car}:${stops || Math.round(stop.enteredAt / 1000)}`, {
      cars: [stop.car],
      headline: `${label(driver)} pits${newSet ? ` for ${newSet} tyres` : ""}`,
      facts,
      priority: stop.positionBefore === 1 ? 55 : undefined,
    });
    this.onStopsShuffle(stop, driver, stops, state, emit);
  }

  /**
   * Who got ahead of a car through the pit stops: cars that were behind it when it came in, are ahead of it now,
   * and had already made at least as many stops (the undercut, or a quicker stop in the same window). Cars it
   * simply dropped behind by stopping, which have yet to stop, are not news: its pit-stop event says how many.
   */
  private onStopsShuffle(
    stop: PendingStop,
    driver: LiveDriver,
    stops: number,
    state: LiveState,
    emit: Emit,
  ): void {
    const now = runningOrder(state) ?? this.committedOrder;
    if (!now || driver.position == null || stops === 0) return;
    const behindBefore = new Set(stop.orderBefore.slice(stop.orderBefore.indexOf(stop.car) + 1));
    if (!stop.orderBefore.includes(stop.car)) return;
    for (const other of now.slice(0, now.indexOf(stop.car))) {
      const rival = state.drivers[String(other)];
      if (!rival || !behindBefore.has(other) || (rival.pitStops ?? 0) < stops || rival.inPit) continue;
      const position = rival.position ?? now.indexOf(other) + 1;
      if (position > 10) continue;
      emit("pit-position-change", `${other}>${stop.car}:${stops}`, {
        cars: [other, stop.car],
        headline: `${label(rival)} gets ahead of ${label(driver)} through the pit stops`,
        facts: {position, aheadOf: label(driver), lap: stop.lap ?? state.lapCount.current ?? 0},
        priority: position === 1 ? 60 : undefined,
      });
    }
  }

  /**
   * Overtakes between two settled running orders. A pass counts when neither car was in the pit lane or on
   * its out-lap, neither retired, and the track was green. A car that drops three or more places at once has a
   * problem (off, damage, a timing glitch) rather than being overtaken, and a car that jumps four or more
   * places at once is recovering from one; both are left out, except on the first racing lap (until the leader
   * has completed it), when the start shuffles the field. A pass undone within 20 s is a timing-line flicker, not a re-pass worth telling.
   */
  private onOrderChange(before: number[], after: number[], state: LiveState, emit: Emit): void {
    const wasAt = new Map(before.map((car, index) => [car, index]));
    const isAt = new Map(after.map((car, index) => [car, index]));
    const neutralised = this.phase !== "green";
    const lap = state.lapCount.current ?? 0;
    this.racingSinceLap ??= lap;
    const firstLap = lap <= this.racingSinceLap + 1;
    const moved = (car: number) => (isAt.get(car) ?? 0) - (wasAt.get(car) ?? 0);
    const clean = (car: number) => !this.pitTouched.has(car) && !this.gone.has(car);
    after.forEach((car, index) => {
      const from = wasAt.get(car);
      if (from == null || from <= index || neutralised || !clean(car)) return;
      if (!firstLap && -moved(car) >= 4) return;
      const overtaken = after.slice(index + 1).filter((other) => {
        const otherFrom = wasAt.get(other);
        if (otherFrom == null || otherFrom > from || !clean(other)) return false;
        if (!firstLap && moved(other) >= 3) return false;
        const undone = this.lastPass.get(`${other}>${car}`);
        return undone == null || this.clock - undone > 20_000;
      });
      if (overtaken.length === 0) return;
      for (const other of overtaken) this.lastPass.set(`${car}>${other}`, this.clock);
      const driver = state.drivers[String(car)]!;
      const position = index + 1;
      const names = overtaken.map((other) => label(state.drivers[String(other)]!));
      emit("overtake", `L${lap}:${car}>${overtaken.join(",")}`, {
        cars: [car, ...overtaken],
        headline: `${label(driver)} passes ${names.join(" and ")} for ${position === 1 ? "the lead" : `P${position}`}`,
        facts: {position, lap, passed: names.join(", ")},
        priority: position === 1 ? 65 : position <= 10 ? 50 : 40,
      });
    });
  }
}

interface EventFields {
  cars: number[];
  headline: string;
  facts: Record<string, FactValue>;
  priority?: number;
}

type Emit = (kind: CommentaryEventKind, key: string, fields: EventFields) => void;

function label(driver: LiveDriver): string {
  return toDriverLabel(toCommentaryDriver(driver, driver.driverNumber));
}

/** Has timing shown the set fitted at this stop yet: another stint, or the last one rewritten with a new compound or age? */
function fittedNewSet(stop: PitVisit, driver: LiveDriver): boolean {
  const tyre = driver.tyre;
  const before = stop.tyreBefore;
  if ((driver.stint ?? 0) > stop.stintBefore) return true;
  if (tyre == null) return false;
  return before == null || tyre.compound !== before.compound || (tyre.ageLaps ?? 0) < (before.ageLaps ?? 0);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

/** Cars with a position, in order. */
function byPosition(state: LiveState): LiveDriver[] {
  return Object.values(state.drivers)
    .filter((driver) => driver.position != null)
    .sort((a, b) => a.position! - b.position!);
}

/** The running order by car number, or null while timing has two cars at one position (mid-update). */
function runningOrder(state: LiveState): number[] | null {
  const cars = byPosition(state);
  if (cars.length === 0) return null;
  for (let index = 0; index < cars.length; index++) if (cars[index]!.position !== index + 1) return null;
  return cars.map((driver) => driver.driverNumber);
}

function sameOrder(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((car, index) => car === b[index]);
}

/** Runs a whole session's messages through a timing state and the detector; the events, in order. */
export function detectAll(
  steps: Iterable<{state: LiveState; event: ObservedEvent}>,
  detector = new EventDetector(),
): CommentaryEvent[] {
  const events: CommentaryEvent[] = [];
  let last: LiveState | null = null;
  for (const {state, event} of steps) {
    events.push(...detector.observe(state, event));
    last = state;
  }
  if (last) events.push(...detector.flush(last));
  return events;
}
