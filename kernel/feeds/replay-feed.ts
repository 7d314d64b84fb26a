import type {Problem} from "../../src/sport/problems.js";
import {sessionIdFromPath} from "../../src/sport/session-id.js";
import {
  applyChange,
  asObject,
  estimateStreamStart,
  iterateSessionMessages,
  normalizeSessionPath,
  parseStream,
  type ArchiveReader,
  type StreamMessage,
  type TopicMessage,
} from "../../sources/livetiming/index.js";
import {integer, text} from "../../sources/livetiming/values.js";
import {RESET_TOPIC} from "../timing/feed-event.js";
import type {Feed, FeedSink, FeedStatus} from "./feed.js";

/** An archived session loaded for replay: every message in time order, and where each lap starts. */
export interface ReplaySource {
  path: string;
  sessionId: string;
  messages: TopicMessage[];
  /** UTC epoch ms of offset 0, or null when nothing dates the stream. */
  streamStartMs: number | null;
  /** Offset at which LapCount first reports each lap. */
  lapOffsets: Map<number, number>;
  durationMs: number;
  problems: Problem[];
}

/** Reads a session's topics for replay; Position.z is kept (track map), CarData.z is not part of the live state. */
export async function loadReplaySource(reader: ArchiveReader, sessionPath: string): Promise<ReplaySource> {
  const path = normalizeSessionPath(sessionPath);
  const problems: Problem[] = [];
  const files = await reader.listTopicFiles(path);
  if (files.length === 0) {
    throw new Error(
      `No topics for ${path} in ${reader.description}: GET /v1/sessions lists the archived sessions.`,
    );
  }
  const topics = files
    .map((file) => file.replace(/\.jsonStream$/, ""))
    .filter((topic) => topic !== "CarData.z");
  const messages: TopicMessage[] = [];
  for await (const message of iterateSessionMessages(reader, path, {topics, problems}))
    messages.push(message);
  const lapOffsets = new Map<number, number>();
  let lapCount: unknown = null;
  for (const message of messages) {
    if (message.topic !== "LapCount") continue;
    lapCount = applyChange(lapCount, structuredClone(message.change));
    const lap = integer(asObject(lapCount)?.CurrentLap);
    if (lap != null && !lapOffsets.has(lap)) lapOffsets.set(lap, message.offsetMs);
  }
  return {
    path,
    sessionId: sessionIdFromPath(path),
    messages,
    streamStartMs: await findStreamStart(reader, path, messages),
    lapOffsets,
    durationMs: messages.at(-1)?.offsetMs ?? 0,
    problems,
  };
}

async function findStreamStart(
  reader: ArchiveReader,
  path: string,
  messages: TopicMessage[],
): Promise<number | null> {
  const byTopic = new Map<string, StreamMessage[]>();
  for (const message of messages) {
    if (!["SessionData", "ExtrapolatedClock", "Heartbeat", "RaceControlMessages"].includes(message.topic))
      continue;
    const list = byTopic.get(message.topic) ?? [];
    list.push({offsetMs: message.offsetMs, line: message.line, change: message.change});
    byTopic.set(message.topic, list);
  }
  const infoText = await reader.readTopicFile(path, "SessionInfo.jsonStream").catch(() => null);
  let info: Record<string, unknown> | undefined;
  if (infoText)
    for (const message of parseStream(infoText, "SessionInfo", []))
      info = asObject(applyChange(info, message.change));
  const anchor = estimateStreamStart(byTopic, {
    startDate: text(info?.StartDate),
    gmtOffset: text(info?.GmtOffset),
    startedAtMs: null,
  });
  return anchor.streamStartMs;
}

export interface ReplayOptions {
  /** Playback speed, 1 = real time. */
  speed: number;
  /** Start at this offset (ms) instead of the beginning: earlier messages are applied at once. */
  startAtMs?: number;
  /** Resume after a restart: the first `skip` messages were already delivered (they are in the capture). */
  skip?: number;
  now?: () => number;
  /** Called when the last message has been delivered. */
  onFinished?: () => void;
}

/** Where to seek: a lap (races: when LapCount first reports it) or an offset into the stream. */
export type SeekTarget = {lap: number} | {offsetMs: number};

/**
 * Replays an archived session paced by its original time offsets, at any speed, with pause, resume and seek.
 * Seeking forward delivers the skipped messages at once; seeking back delivers a reset, then the session
 * again from the start up to the target, so the state is always the one the archive had at that moment.
 */
export class ReplayFeed implements Feed {
  private next = 0;
  private baseOffset = 0;
  private baseWall = 0;
  private state: FeedStatus["state"] = "starting";
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sink: FeedSink | null = null;
  private speed: number;
  private readonly now: () => number;

  constructor(
    readonly source: ReplaySource,
    private readonly options: ReplayOptions,
  ) {
    this.speed = options.speed;
    this.now = options.now ?? Date.now;
  }

  get sessionId(): string {
    return this.source.sessionId;
  }

  /** Messages delivered since the last reset: what a restart must skip. */
  get delivered(): number {
    return this.next;
  }

  start(sink: FeedSink): void {
    this.sink = sink;
    const skip = Math.min(this.options.skip ?? 0, this.source.messages.length);
    this.next = skip;
    this.baseOffset =
      skip > 0 ? this.source.messages[skip - 1]!.offsetMs : (this.source.messages[0]?.offsetMs ?? 0);
    if (this.options.startAtMs != null && this.options.startAtMs > this.baseOffset)
      this.deliverUntil(this.options.startAtMs);
    this.baseOffset = Math.max(this.baseOffset, this.options.startAtMs ?? 0);
    this.play();
  }

  pause(): void {
    if (this.state !== "playing") return;
    this.baseOffset = this.positionMs();
    this.state = "paused";
    this.clearTimer();
  }

  resume(): void {
    if (this.state !== "paused") return;
    this.play();
  }

  setSpeed(speed: number): void {
    this.baseOffset = this.positionMs();
    this.baseWall = this.now();
    this.speed = speed;
    if (this.state === "playing") this.schedule();
  }

  seek(target: SeekTarget): number {
    const offsetMs = "lap" in target ? this.lapOffset(target.lap) : target.offsetMs;
    if (offsetMs < this.positionMs()) {
      this.sink?.({topic: RESET_TOPIC, offsetMs, utc: this.utcAt(offsetMs), change: {}});
      this.next = 0;
    }
    this.deliverUntil(offsetMs);
    this.baseOffset = offsetMs;
    this.baseWall = this.now();
    if (this.state === "finished" && this.next < this.source.messages.length) this.play();
    else if (this.state === "playing") this.schedule();
    return offsetMs;
  }

  stop(): void {
    this.clearTimer();
    this.state = "stopped";
  }

  status(): FeedStatus {
    return {
      kind: "replay",
      state: this.state,
      detail: this.source.path,
      speed: this.speed,
      positionMs: Math.round(this.positionMs()),
      durationMs: this.source.durationMs,
      delivered: this.next,
      messages: this.source.messages.length,
      laps: this.source.lapOffsets.size,
    };
  }

  /** Where playback is in the stream, ms. */
  positionMs(): number {
    if (this.state !== "playing") return this.baseOffset;
    return this.baseOffset + (this.now() - this.baseWall) * this.speed;
  }

  private lapOffset(lap: number): number {
    const offset = this.source.lapOffsets.get(lap);
    if (offset == null) {
      const laps = [...this.source.lapOffsets.keys()];
      throw new RangeError(
        laps.length === 0
          ? "this session has no lap count (LapCount): seek by time (offsetMs) instead"
          : `no lap ${lap} in this session: laps ${Math.min(...laps)} to ${Math.max(...laps)}`,
      );
    }
    return offset;
  }

  private play(): void {
    this.state = "playing";
    this.baseWall = this.now();
    this.pump();
  }

  private pump = (): void => {
    this.timer = null;
    if (this.state !== "playing") return;
    this.deliverUntil(this.positionMs());
    if (this.next >= this.source.messages.length) {
      this.state = "finished";
      this.baseOffset = this.source.durationMs;
      this.options.onFinished?.();
      return;
    }
    this.schedule();
  };

  private schedule(): void {
    this.clearTimer();
    const upcoming = this.source.messages[this.next];
    if (!upcoming) return;
    const waitMs = (upcoming.offsetMs - this.positionMs()) / this.speed;
    // Re-check at least every second, so a speed change or pause takes effect promptly.
    this.timer = setTimeout(this.pump, Math.max(0, Math.min(waitMs, 1000)));
  }

  private deliverUntil(offsetMs: number): void {
    const {messages} = this.source;
    while (this.next < messages.length && messages[this.next]!.offsetMs <= offsetMs) {
      const message = messages[this.next++]!;
      // The timing model keeps (and later changes) what it merges; the archive's copy must stay pristine for seeks.
      this.sink?.({
        topic: message.topic,
        offsetMs: message.offsetMs,
        utc: this.utcAt(message.offsetMs),
        change: structuredClone(message.change),
      });
    }
  }

  private utcAt(offsetMs: number): number | null {
    return this.source.streamStartMs == null ? null : this.source.streamStartMs + offsetMs;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
