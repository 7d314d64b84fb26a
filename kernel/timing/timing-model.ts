import type {LiveDriver, LivePatch, LiveState, LiveTopic} from "../../src/sport/kernel-messages.js";
import {applyCommentaryChange} from "../../src/sport/commentary.js";
import {diffState} from "../../src/sport/live-patch.js";
import {applyChange, asObject} from "../../sources/livetiming/index.js";
import {deriveDriver, deriveOverallBest} from "./derive-drivers.js";
import {
  deriveClock,
  deriveLapCount,
  deriveRaceControl,
  deriveSession,
  derivePositions,
  deriveTrackStatus,
  deriveWeather,
} from "./derive-session.js";
import {COMMENTARY_TOPIC, PREDICTIONS_TOPIC, RESET_TOPIC, type FeedEvent} from "./feed-event.js";

/** Topics whose state the model keeps: everything it derives from (CarData.z is not part of the live state). */
const KEPT_TOPICS = new Set([
  "SessionInfo",
  "SessionStatus",
  "SessionData",
  "ExtrapolatedClock",
  "LapCount",
  "TrackStatus",
  "WeatherData",
  "DriverList",
  "TimingData",
  "TimingAppData",
  "RaceControlMessages",
  PREDICTIONS_TOPIC,
]);

/** The empty live state of a session. */
export function emptyLiveState(sessionId: string): LiveState {
  return {
    session: {sessionId, name: null, type: null, meetingName: null, status: null, part: null},
    clock: {remaining: null, remainingMs: null, extrapolating: false, utc: null},
    lapCount: {current: null, total: null},
    trackStatus: {status: null, message: null},
    weather: null,
    drivers: {},
    raceControl: [],
    positions: {},
    predictions: null,
    commentary: null,
  };
}

/**
 * The timing state of one session: merges each feed event into its topic's state and derives the live
 * state the notebooks see. `apply` returns the patch the event made (undefined when it changed nothing).
 * Deterministic: the same events in the same order give the same patches, on any node.
 */
export class TimingModel {
  private topics = new Map<string, unknown>();
  state: LiveState;
  /** Session UTC of the newest event that carried one, epoch ms. */
  lastUtc: number | null = null;

  constructor(readonly sessionId: string) {
    this.state = emptyLiveState(sessionId);
  }

  /** Merges one event and returns the patch it made to the live state. */
  apply(event: FeedEvent): LivePatch | undefined {
    if (event.utc != null) this.lastUtc = event.utc;
    if (event.topic === RESET_TOPIC) return this.reset();
    if (event.topic === "Position.z")
      return this.update({positions: derivePositions(this.state.positions, event.change)});
    if (event.topic === COMMENTARY_TOPIC)
      return this.update({commentary: applyCommentaryChange(this.state.commentary, event.change)});
    if (!KEPT_TOPICS.has(event.topic)) return undefined;
    const change = withoutKeyframeMark(event.change);
    const merged = event.replace ? change : applyChange(this.topics.get(event.topic), change);
    this.topics.set(event.topic, merged);
    return this.update(this.derive(event.topic, change));
  }

  /** The merged state of a feed topic. */
  topicState(topic: string): Record<string, unknown> | undefined {
    return asObject(this.topics.get(topic));
  }

  private reset(): LivePatch | undefined {
    this.topics.clear();
    return this.update(emptyLiveState(this.sessionId));
  }

  private derive(topic: string, change: unknown): Partial<LiveState> {
    const get = (name: string) => this.topicState(name);
    const session = () =>
      deriveSession(
        this.sessionId,
        get("SessionInfo"),
        get("SessionStatus"),
        get("SessionData"),
        get("TimingData"),
      );
    switch (topic) {
      case "SessionInfo":
      case "SessionStatus":
      case "SessionData":
        return {session: session()};
      case "ExtrapolatedClock":
        return {clock: deriveClock(get("ExtrapolatedClock"))};
      case "LapCount":
        return {lapCount: deriveLapCount(get("LapCount"))};
      case "TrackStatus":
        return {trackStatus: deriveTrackStatus(get("TrackStatus"))};
      case "WeatherData":
        return {weather: deriveWeather(get("WeatherData"))};
      case "RaceControlMessages":
        return {raceControl: deriveRaceControl(get("RaceControlMessages"))};
      case "TimingData":
        return {session: session(), drivers: this.deriveDrivers(carsIn(asObject(change)?.Lines))};
      case "TimingAppData":
        return {drivers: this.deriveDrivers(carsIn(asObject(change)?.Lines))};
      case "DriverList":
        return {drivers: this.deriveDrivers(carsIn(change))};
      case PREDICTIONS_TOPIC:
        return {predictions: (get(PREDICTIONS_TOPIC) as unknown as LiveState["predictions"]) ?? null};
      default:
        return {};
    }
  }

  /** Rebuilds the lines of the cars an event touched (every car after a replace); the others are kept as they are. */
  private deriveDrivers(cars: string[] | null): Record<string, LiveDriver> {
    const lines = asObject(this.topicState("TimingData")?.Lines);
    const appLines = asObject(this.topicState("TimingAppData")?.Lines);
    const list = this.topicState("DriverList");
    const next: Record<string, LiveDriver> = {...this.state.drivers};
    const known = new Set([...Object.keys(lines ?? {}), ...Object.keys(list ?? {})].filter(isCarNumber));
    for (const car of cars ?? known) {
      if (!isCarNumber(car) || !known.has(car)) continue;
      next[car] = deriveDriver(Number(car), {
        timingData: asObject(lines?.[car]),
        timingApp: asObject(appLines?.[car]),
        driverList: asObject(list?.[car]),
      });
    }
    return deriveOverallBest(next);
  }

  /** Installs new sections and returns their patch against the old ones. */
  private update(sections: Partial<LiveState>): LivePatch | undefined {
    let patch: LivePatch | undefined;
    for (const key of Object.keys(sections) as LiveTopic[]) {
      const change = diffState(this.state[key], sections[key]);
      if (change === undefined) continue;
      (this.state as unknown as Record<string, unknown>)[key] = sections[key];
      (patch ??= {})[key] = change;
    }
    return patch;
  }
}

function isCarNumber(key: string): boolean {
  return /^\d+$/.test(key);
}

/** Car numbers a change mentions; null (meaning every car) when it does not say. */
function carsIn(lines: unknown): string[] | null {
  const object = asObject(lines);
  return object ? Object.keys(object) : null;
}

/** Live frames mark full states with `_kf: true`; the mark is not part of the state. */
function withoutKeyframeMark(change: unknown): unknown {
  const object = asObject(change);
  if (!object || !("_kf" in object)) return change;
  const {_kf: _ignored, ...rest} = object;
  return rest;
}
