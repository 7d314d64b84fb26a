import {formatLapTime} from "../../src/sport/lap-time.js";
import {parseUtc} from "../../src/sport/units.js";
import type {Clock} from "../../sources/http/index.js";
import type {OpenF1Client, OpenF1Driver, OpenF1Lap} from "../../sources/openf1/index.js";
import type {FeedEvent} from "../timing/feed-event.js";
import type {Feed, FeedSink, FeedStatus} from "./feed.js";

export interface OpenF1FeedOptions {
  client: OpenF1Client;
  sessionKey: number;
  sessionId: string;
  /** Time between polls, ms; defaults to 4 s (each poll makes 6 requests: well inside 30 per 10 s). */
  pollMs?: number;
  clock: Clock;
  log?: (line: string) => void;
}

type Row = Record<string, unknown>;

/** Endpoints polled with `date>` windows, and the field their windows use. */
const POLLED = [
  {endpoint: "position", field: "date"},
  {endpoint: "intervals", field: "date"},
  {endpoint: "pit", field: "date"},
  {endpoint: "race_control", field: "date"},
  {endpoint: "weather", field: "date"},
  {endpoint: "laps", field: "date_start"},
] as const;

/** A lap in progress is asked for again until it is complete: no lap lasts longer than this. */
const LAP_LOOKBACK_MS = 4 * 60_000;

/**
 * Follows a live session on OpenF1 by polling: each endpoint is asked only for rows newer than the last one
 * it gave (`date>`), so a poll costs a handful of small requests within OpenF1's rate limit (the client
 * enforces it). Rows become the same feed events as F1 live timing (TimingData, TimingAppData, DriverList,
 * RaceControlMessages, WeatherData, LapCount), so the one timing model serves both sources.
 */
export class OpenF1Feed implements Feed {
  private state: FeedStatus["state"] = "starting";
  private stopped = false;
  private lastError = "";
  private readonly cursors = new Map<string, string>();
  private readonly seenLaps = new Map<string, string>();
  private readonly bestLaps = new Map<number, number>();
  private readonly pitCounts = new Map<number, number>();
  private raceControlCount = 0;
  private currentLap = 0;
  private streamStartMs: number | null = null;
  private sink: FeedSink | null = null;
  private loop: Promise<void> | null = null;
  private abort = new AbortController();
  readonly counts = {polls: 0, requests: 0, rows: 0, errors: 0};

  constructor(private readonly options: OpenF1FeedOptions) {}

  get sessionId(): string {
    return this.options.sessionId;
  }

  /** Where events go, without starting the polling loop (tests drive poll() themselves). */
  connect(sink: FeedSink): void {
    this.sink = sink;
  }

  start(sink: FeedSink): Promise<void> {
    this.connect(sink);
    this.loop = this.run();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.state = "stopped";
    this.abort.abort(new Error("stopped"));
    await this.loop?.catch(() => {});
  }

  /** Resolves when the polling loop has ended (after stop()). */
  finished(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  status(): FeedStatus {
    return {
      kind: "openf1",
      state: this.state,
      detail: this.lastError || `session ${this.options.sessionKey}`,
      ...this.counts,
    };
  }

  /** One poll of every endpoint; exposed so tests can drive it step by step. */
  async poll(): Promise<void> {
    const {client, sessionKey} = this.options;
    const filters = {session_key: sessionKey};
    if (this.counts.polls === 0) await this.readSession();
    this.counts.polls++;
    for (const {endpoint, field} of POLLED) {
      const after = this.cursors.get(endpoint) ?? "1970-01-01T00:00:00";
      this.counts.requests++;
      const rows = (await client.getRowsAfter(endpoint, filters, after, {
        field,
        request: {signal: this.abort.signal},
      })) as unknown as Row[];
      this.counts.rows += rows.length;
      for (const row of rows) this.take(endpoint, row);
      this.advanceCursor(endpoint, field, rows);
    }
    this.counts.requests++;
    const stints = (await client.getStints(filters, {
      signal: this.abort.signal,
      fresh: true,
    })) as unknown as Row[];
    this.takeStints(stints);
  }

  private async run(): Promise<void> {
    this.state = "connected";
    while (!this.stopped) {
      try {
        await this.poll();
        this.lastError = "";
      } catch (error) {
        if (this.stopped) break;
        this.counts.errors++;
        this.lastError = (error as Error).message;
        this.options.log?.(`openf1: poll failed: ${this.lastError}; trying again next poll`);
      }
      await this.options.clock.sleep(this.options.pollMs ?? 4_000, this.abort.signal).catch(() => {});
    }
  }

  private async readSession(): Promise<void> {
    const {client, sessionKey} = this.options;
    const [session] = await client.getSessions({session_key: sessionKey});
    const meetings = session ? await client.getMeetings({meeting_key: session.meeting_key}) : [];
    this.streamStartMs = parseUtc(session?.date_start?.replace(/\+00:00$/, "Z")) ?? this.options.clock.now();
    this.emit("SessionInfo", this.streamStartMs, {
      Key: sessionKey,
      Name: session?.session_name ?? null,
      Type: session?.session_type ?? null,
      Meeting: {Name: meetings[0]?.meeting_name ?? null, Location: session?.location ?? null},
    });
    const drivers = await client.getDrivers({session_key: sessionKey});
    this.emit(
      "DriverList",
      this.streamStartMs,
      Object.fromEntries(drivers.map((driver) => [String(driver.driver_number), toDriverEntry(driver)])),
    );
  }

  private advanceCursor(endpoint: string, field: string, rows: Row[]): void {
    const latest = rows.reduce<string | null>((max, row) => {
      const value = row[field];
      return typeof value === "string" && (max == null || value > max) ? value : max;
    }, null);
    if (latest == null) return;
    if (endpoint !== "laps") {
      this.cursors.set(endpoint, latest);
      return;
    }
    // A lap's row appears when the lap starts and fills in as it is driven: ask again until it is old enough.
    const lookback = (parseUtc(latest.replace(/\+00:00$/, "Z")) ?? 0) - LAP_LOOKBACK_MS;
    const previous = this.cursors.get("laps");
    const next = new Date(lookback).toISOString();
    if (!previous || next > previous) this.cursors.set("laps", next);
  }

  private take(endpoint: string, row: Row): void {
    const car = Number(row.driver_number);
    const utc = parseUtc(String(row.date ?? row.date_start ?? "").replace(/\+00:00$/, "Z"));
    const line = (fields: Row) => this.emit("TimingData", utc, {Lines: {[car]: fields}});
    switch (endpoint) {
      case "position":
        return line({Position: String(row.position), Line: row.position});
      case "intervals":
        return line({
          GapToLeader: toGapText(row.gap_to_leader),
          IntervalToPositionAhead: {Value: toGapText(row.interval)},
        });
      case "pit": {
        const stops = (this.pitCounts.get(car) ?? 0) + 1;
        this.pitCounts.set(car, stops);
        return line({NumberOfPitStops: stops});
      }
      case "race_control":
        return this.emit("RaceControlMessages", utc, {
          Messages: {
            [this.raceControlCount++]: {
              Utc: String(row.date ?? "").slice(0, 19),
              Lap: row.lap_number,
              Category: row.category,
              Flag: row.flag,
              Scope: row.scope,
              Sector: row.sector,
              RacingNumber: row.driver_number == null ? undefined : String(row.driver_number),
              Message: row.message,
            },
          },
        });
      case "weather":
        return this.emit("WeatherData", utc, {
          AirTemp: String(row.air_temperature),
          TrackTemp: String(row.track_temperature),
          Humidity: String(row.humidity),
          Pressure: String(row.pressure),
          Rainfall: String(row.rainfall),
          WindDirection: String(row.wind_direction),
          WindSpeed: String(row.wind_speed),
        });
      case "laps":
        return this.takeLap(row as unknown as OpenF1Lap, utc);
    }
  }

  private takeLap(lap: OpenF1Lap, utc: number | null): void {
    const key = `${lap.driver_number}:${lap.lap_number}`;
    const fingerprint = JSON.stringify(lap);
    if (this.seenLaps.get(key) === fingerprint) return;
    this.seenLaps.set(key, fingerprint);
    const sectors = [lap.duration_sector_1, lap.duration_sector_2, lap.duration_sector_3];
    const done = lap.lap_duration != null;
    const fields: Row = {
      NumberOfLaps: done ? lap.lap_number : lap.lap_number - 1,
      Sectors: Object.fromEntries(
        sectors.map((seconds, index) => [index, {Value: seconds == null ? "" : formatLapTime(seconds)}]),
      ),
    };
    if (done) {
      const best = this.bestLaps.get(lap.driver_number);
      const personalBest = best == null || lap.lap_duration! < best;
      fields.LastLapTime = {Value: formatLapTime(lap.lap_duration), PersonalFastest: personalBest};
      if (personalBest) {
        this.bestLaps.set(lap.driver_number, lap.lap_duration!);
        fields.BestLapTime = {Value: formatLapTime(lap.lap_duration), Lap: lap.lap_number};
      }
    }
    this.emit("TimingData", utc, {Lines: {[lap.driver_number]: fields}});
    if (lap.lap_number > this.currentLap) {
      this.currentLap = lap.lap_number;
      this.emit("LapCount", utc, {CurrentLap: lap.lap_number});
    }
  }

  private takeStints(stints: Row[]): void {
    const byCar = new Map<number, Row[]>();
    for (const stint of stints)
      byCar.set(Number(stint.driver_number), [...(byCar.get(Number(stint.driver_number)) ?? []), stint]);
    for (const [car, rows] of byCar) {
      const entries = rows
        .sort((a, b) => Number(a.stint_number) - Number(b.stint_number))
        .map((stint) => {
          const age = Number(stint.tyre_age_at_start ?? 0);
          const laps =
            stint.lap_end == null || stint.lap_start == null
              ? 0
              : Number(stint.lap_end) - Number(stint.lap_start) + 1;
          return {Compound: stint.compound, New: String(age === 0), StartLaps: age, TotalLaps: age + laps};
        });
      const key = `stints:${car}`;
      const fingerprint = JSON.stringify(entries);
      if (this.seenLaps.get(key) === fingerprint) continue;
      this.seenLaps.set(key, fingerprint);
      this.emit("TimingAppData", this.options.clock.now(), {Lines: {[car]: {Stints: entries}}});
    }
  }

  private emit(topic: string, utc: number | null, change: unknown): void {
    const at = utc ?? this.options.clock.now();
    const event: FeedEvent = {topic, offsetMs: Math.max(0, at - (this.streamStartMs ?? at)), utc: at, change};
    this.sink?.(event);
  }
}

function toDriverEntry(driver: OpenF1Driver): Row {
  return {
    RacingNumber: String(driver.driver_number),
    Tla: driver.name_acronym,
    BroadcastName: driver.broadcast_name,
    FullName: driver.full_name,
    TeamName: driver.team_name,
    TeamColour: driver.team_colour,
  };
}

/** OpenF1 gaps are seconds, "+1 LAP"-style text, or null for the leader. */
function toGapText(value: unknown): string {
  if (typeof value === "number") return `+${value.toFixed(3)}`;
  return typeof value === "string" ? value : "";
}
