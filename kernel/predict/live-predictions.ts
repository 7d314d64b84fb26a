import type {LivePredictions, LiveState} from "../../src/sport/kernel-messages.js";
import {toLapTimeCompound} from "../../models/lap-time/features.js";
import {estimatePitWindow, rejoinPosition} from "../../models/lap-time/pit-window.js";
import type {LiveHub} from "../live/hub.js";
import type {SessionChannel} from "../live/session-channel.js";
import {PREDICTIONS_TOPIC} from "../timing/feed-event.js";
import type {PredictionService} from "./prediction-service.js";

/**
 * Publishes in-race predictions into every live race: when the leader completes a lap, the in-race model runs
 * on the running order and its probabilities go into the session's log as a PitWall.Predictions event, so
 * subscribers of the `predictions` topic get them as a delta, and a replay of the capture shows them again.
 * It watches the hub on a short timer rather than hooking the channels, so the live path is untouched.
 */
export class LivePredictionPublisher {
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastLap = new Map<string, number>();
  private busy = new Set<string>();
  /** Recent clean laps by session and car (lap, seconds, stint): the lap-time model's reference. */
  private cleanLaps = new Map<string, Map<number, {lap: number; seconds: number; stint: number | null}[]>>();
  /** Called after each publish (tests and the benchmark listen). */
  onPublish: ((sessionId: string, predictions: LivePredictions) => void) | null = null;
  constructor(
    private readonly hub: LiveHub,
    private readonly service: PredictionService,
    /** Where failures are reported once each (the kernel's startup problems, shown by /v1/health). */
    readonly problems: string[] = [],
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      for (const channel of this.hub.list()) void this.check(channel);
    }, this.intervalMs);
    (this.timer as {unref?: () => void}).unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Publishes for a channel if its leader has completed a lap since the last publish. */
  async check(channel: SessionChannel): Promise<LivePredictions | null> {
    const state = channel.model.state;
    if (state.session.type !== "Race" || state.lapCount.current == null || !state.lapCount.total) return null;
    const lap = Math.max(0, state.lapCount.current - 1);
    const last = this.lastLap.get(channel.sessionId);
    // A replay that seeks back starts the race over: predict again from there.
    if ((last !== undefined && lap === last) || this.busy.has(channel.sessionId)) return null;
    this.busy.add(channel.sessionId);
    try {
      const result = await this.service.inRace(channel.sessionId, state);
      if (!result) return null;
      const pitLossS = await this.service.pitLoss(channel.sessionId);
      const gaps = new Map<number, number>();
      for (const driver of Object.values(state.drivers)) {
        const gap = driver.position === 1 ? 0 : driver.gapToLeaderS;
        if (gap != null && result.order.order.includes(driver.driverNumber))
          gaps.set(driver.driverNumber, gap);
      }
      const predictions: LivePredictions = {
        model: "in-race",
        lap: result.order.lap,
        totalLaps: result.order.totalLaps,
        win: Object.fromEntries(
          result.predictions.map((prediction) => [
            String(prediction.driver_number),
            Math.round(prediction.win * 1e6) / 1e6,
          ]),
        ),
        rejoinPosition: Object.fromEntries(
          [...gaps].map(([car, gap]) => [
            String(car),
            rejoinPosition(
              gap,
              pitLossS,
              [...gaps].filter(([other]) => other !== car).map(([, value]) => value),
            ),
          ]),
        ),
        pitLossS,
        pitWindow: await this.pitWindows(
          channel.sessionId,
          state,
          result.order.lap,
          result.order.totalLaps,
          pitLossS,
        ),
      };
      channel.ingest({
        topic: PREDICTIONS_TOPIC,
        offsetMs: 0,
        utc: channel.model.lastUtc,
        change: predictions,
        replace: true,
      });
      if (last !== undefined && lap < last) this.cleanLaps.delete(channel.sessionId);
      this.lastLap.set(channel.sessionId, lap);
      this.onPublish?.(channel.sessionId, predictions);
      return predictions;
    } catch (error) {
      const message = `${channel.sessionId}: predictions failed: ${(error as Error).message}`;
      if (!this.problems.includes(message)) this.problems.push(message);
      return null;
    } finally {
      this.busy.delete(channel.sessionId);
    }
  }

  /** Each car's one-stop pit window from its tyres and the mean of its last three clean laps on them. */
  private async pitWindows(
    sessionId: string,
    state: LiveState,
    lap: number,
    totalLaps: number,
    pitLossS: number,
  ): Promise<LivePredictions["pitWindow"]> {
    const laps = this.cleanLaps.get(sessionId) ?? new Map();
    this.cleanLaps.set(sessionId, laps);
    const windows: LivePredictions["pitWindow"] = {};
    const green = state.trackStatus.status === "1" || state.trackStatus.status == null;
    for (const driver of Object.values(state.drivers)) {
      if (driver.retired || driver.stopped) continue;
      const recent = (laps.get(driver.driverNumber) ?? []).filter(
        (entry: {stint: number | null}) => entry.stint === driver.stint,
      );
      const seconds = driver.lastLap.seconds;
      const done = driver.lapsCompleted ?? 0;
      if (
        green &&
        seconds &&
        !driver.inPit &&
        !driver.pitOut &&
        !recent.some((entry: {lap: number}) => entry.lap === done)
      ) {
        recent.push({lap: done, seconds, stint: driver.stint});
      }
      laps.set(driver.driverNumber, recent.slice(-3));
      const compound = toLapTimeCompound(driver.tyre?.compound ?? null);
      const age = driver.tyre?.ageLaps;
      if (!compound || age == null || recent.length === 0) continue;
      const referenceS =
        recent.reduce((sum: number, entry: {seconds: number}) => sum + entry.seconds, 0) / recent.length;
      const window = await estimatePitWindow(
        {compound, tyreAge: age, lap, totalLaps, referenceS, pitLossS},
        (features, references) => this.service.predictor.lapTimes(features, references),
      );
      if (window) {
        windows[String(driver.driverNumber)] = {
          from: window.window[0],
          to: window.window[1],
          best: window.bestLap,
          nextCompound: window.nextCompound,
        };
      }
    }
    return windows;
  }
}
