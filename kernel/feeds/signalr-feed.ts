import WebSocket from "ws";
import {parseUtc} from "../../src/sport/units.js";
import {asObject, decodeCompressed} from "../../sources/livetiming/index.js";
import type {FeedEvent} from "../timing/feed-event.js";
import type {Feed, FeedSink, FeedStatus} from "./feed.js";

/** The timing topics PitWall subscribes to (the live state's sources, plus telemetry for the capture). */
export const SIGNALR_TOPICS = [
  "Heartbeat",
  "CarData.z",
  "Position.z",
  "ExtrapolatedClock",
  "TopThree",
  "TimingStats",
  "TimingAppData",
  "WeatherData",
  "TrackStatus",
  "DriverList",
  "RaceControlMessages",
  "SessionInfo",
  "SessionData",
  "SessionStatus",
  "LapCount",
  "TimingData",
];

export const F1_LIVE_TIMING_URL = "https://livetiming.formula1.com";

export interface SignalRFeedOptions {
  /** Server base, e.g. https://livetiming.formula1.com (the client appends /signalr/...). */
  baseUrl: string;
  sessionId: string;
  topics?: readonly string[];
  /** UTC epoch ms that offsets count from (a resumed capture's); defaults to the first message's time. */
  streamStartMs?: number | null;
  /** First retry after this long, doubling up to maxBackoffMs; defaults 500 ms and 30 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

const CLIENT_PROTOCOL = "1.5";
const CONNECTION_DATA = JSON.stringify([{name: "Streaming"}]);

/**
 * A client of F1 live timing's classic SignalR endpoint: negotiate, connect the WebSocket, start, Subscribe to
 * the timing topics; the Subscribe reply is each topic's whole state (delivered as replacing events), then
 * feed frames are changes. `.z` payloads are inflated. When the socket drops or goes quiet past the server's
 * keep-alive timeout, it reconnects with exponential backoff and subscribes again (a fresh full state).
 */
export class SignalRFeed implements Feed {
  private state: FeedStatus["state"] = "connecting";
  private socket: WebSocket | null = null;
  private stopped = false;
  private attempts = 0;
  private lastError = "";
  private lastMessageAt = 0;
  private keepAliveTimeoutMs = 30_000;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private streamStartMs: number | null;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private sink: FeedSink | null = null;
  /** Counters for status and tests. */
  readonly counts = {connects: 0, frames: 0, keepAlives: 0, reconnects: 0, skipped: 0};

  constructor(private readonly options: SignalRFeedOptions) {
    this.streamStartMs = options.streamStartMs ?? null;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  get sessionId(): string {
    return this.options.sessionId;
  }

  start(sink: FeedSink): void {
    this.sink = sink;
    this.watchdog = setInterval(() => {
      // A socket that hears nothing (not even the Subscribe answer) is as dead as one that was cut.
      if (this.socket && this.now() - this.lastMessageAt > this.keepAliveTimeoutMs) {
        this.log(`signalr: nothing for ${this.keepAliveTimeoutMs} ms; reconnecting`);
        this.socket?.terminate();
      }
    }, 1_000);
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.state = "stopped";
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close(1000);
    this.socket = null;
  }

  status(): FeedStatus {
    return {
      kind: "signalr",
      state: this.state,
      detail: this.lastError ? `${this.options.baseUrl}: ${this.lastError}` : this.options.baseUrl,
      ...this.counts,
    };
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const base = this.options.baseUrl.replace(/\/+$/, "");
    try {
      const negotiateUrl = `${base}/signalr/negotiate?${new URLSearchParams({
        clientProtocol: CLIENT_PROTOCOL,
        connectionData: CONNECTION_DATA,
      })}`;
      const response = await fetch(negotiateUrl, {signal: AbortSignal.timeout(10_000)});
      if (!response.ok) throw new Error(`negotiate answered ${response.status}`);
      const negotiated = (await response.json()) as {ConnectionToken?: string; KeepAliveTimeout?: number};
      if (!negotiated.ConnectionToken) throw new Error("negotiate gave no ConnectionToken");
      if (negotiated.KeepAliveTimeout) this.keepAliveTimeoutMs = negotiated.KeepAliveTimeout * 1000 * 1.5;
      // The server pins the connection to a backend with a cookie; connect must send it back.
      const cookie = (response.headers.getSetCookie?.() ?? [response.headers.get("set-cookie") ?? ""])
        .map((header) => header.split(";")[0]!)
        .filter(Boolean)
        .join("; ");
      const params = new URLSearchParams({
        clientProtocol: CLIENT_PROTOCOL,
        transport: "webSockets",
        connectionToken: negotiated.ConnectionToken,
        connectionData: CONNECTION_DATA,
      });
      const socket = new WebSocket(`${base.replace(/^http/, "ws")}/signalr/connect?${params}`, {
        headers: cookie ? {cookie} : {},
        perMessageDeflate: false,
      });
      this.socket = socket;
      this.lastMessageAt = this.now();
      socket.on("message", (data) => this.receive(data.toString(), base, params));
      socket.on("close", () => this.onDisconnect(socket, "connection closed"));
      socket.on("error", (error) => this.onDisconnect(socket, error.message));
    } catch (error) {
      this.scheduleReconnect((error as Error).message);
    }
  }

  private receive(text: string, base: string, params: URLSearchParams): void {
    if (this.stopped) return;
    this.lastMessageAt = this.now();
    let message: {S?: number; R?: unknown; I?: string; M?: unknown[]; E?: string};
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      this.counts.skipped++;
      this.log(`signalr: skipped a frame that is not JSON (${text.slice(0, 60)})`);
      return;
    }
    if (message.S === 1) {
      void this.startAndSubscribe(base, params);
      return;
    }
    if (message.E) {
      this.lastError = message.E;
      this.log(`signalr: server error: ${message.E}`);
      return;
    }
    if (message.I === "1" && message.R !== undefined) {
      this.state = "connected";
      this.attempts = 0;
      this.counts.connects++;
      this.applyInitialState(asObject(message.R) ?? {});
      return;
    }
    if (!Array.isArray(message.M)) {
      this.counts.keepAlives++;
      return;
    }
    for (const hubMessage of message.M) {
      const {H, M, A} = (asObject(hubMessage) ?? {}) as {H?: string; M?: string; A?: unknown[]};
      if (H?.toLowerCase() !== "streaming" || M !== "feed" || !Array.isArray(A)) continue;
      const [topic, payload, utc] = A;
      if (typeof topic !== "string") {
        this.counts.skipped++;
        continue;
      }
      this.counts.frames++;
      this.emit(topic, payload, parseUtc(typeof utc === "string" ? utc : null), false);
    }
  }

  private async startAndSubscribe(base: string, params: URLSearchParams): Promise<void> {
    try {
      const started = await fetch(`${base}/signalr/start?${params}`, {signal: AbortSignal.timeout(10_000)});
      if (!started.ok) throw new Error(`start answered ${started.status}`);
      const topics = [...(this.options.topics ?? SIGNALR_TOPICS)];
      this.socket?.send(JSON.stringify({H: "Streaming", M: "Subscribe", A: [topics], I: 1}));
    } catch (error) {
      this.lastError = (error as Error).message;
      this.socket?.terminate();
    }
  }

  /** The Subscribe reply: every topic's whole state, dated by its own Utc where it has one. */
  private applyInitialState(state: Record<string, unknown>): void {
    const dated = asObject(state.Heartbeat)?.Utc ?? asObject(state.ExtrapolatedClock)?.Utc;
    const utc = parseUtc(typeof dated === "string" ? dated : null) ?? this.now();
    for (const [topic, payload] of Object.entries(state)) this.emit(topic, payload, utc, true);
  }

  private emit(topic: string, payload: unknown, utc: number | null, replace: boolean): void {
    let change = payload;
    if (topic.endsWith(".z")) {
      if (typeof payload !== "string") {
        this.counts.skipped++;
        return;
      }
      try {
        // The archive stores `.z` payloads as JSON strings; the feed hands over the bare base64.
        change = decodeCompressed(JSON.stringify(payload));
      } catch (error) {
        this.counts.skipped++;
        this.log(`signalr: skipped a ${topic} payload: ${(error as Error).message}`);
        return;
      }
    }
    const at = utc ?? this.now();
    this.streamStartMs ??= at;
    const event: FeedEvent = {topic, offsetMs: Math.max(0, at - this.streamStartMs), utc, change};
    if (replace) event.replace = true;
    this.sink?.(event);
  }

  private onDisconnect(socket: WebSocket, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopped) return;
    this.lastError = reason;
    this.state = "reconnecting";
    const base = this.options.backoffMs ?? 500;
    const delay =
      Math.min(this.options.maxBackoffMs ?? 30_000, base * 2 ** this.attempts) * (0.75 + Math.random() / 2);
    this.attempts++;
    this.counts.reconnects++;
    this.log(`signalr: ${reason}; reconnecting in ${Math.round(delay)} ms (attempt ${this.attempts})`);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
