import {
  LIVE_TOPICS,
  type LivePatch,
  type SourceStatus,
  type LiveState,
  type LiveTopic,
} from "../../src/sport/kernel-messages.js";
import {applyPatch} from "../../src/sport/live-patch.js";
import type {SessionLog} from "../capture/capture-log.js";
import type {FeedEvent, LoggedEvent} from "../timing/feed-event.js";
import {TimingModel} from "../timing/timing-model.js";
import {SharedMessage, type LiveConnection} from "./connection.js";

/** How a channel paces and bounds what it sends. */
export interface ChannelOptions {
  /** Delayed clients, heartbeats and clients that fell behind are served this often, ms. */
  tickMs: number;
  /**
   * New deltas go out as soon as they arrive, batched only as much as the fan-out needs: at most
   * `writesPerSecond` socket writes a second across all subscribers, and never held longer than `maxBatchMs`.
   */
  writesPerSecond: number;
  maxBatchMs: number;
  /** Heartbeat to clients that got nothing for this long, ms. */
  heartbeatMs: number;
  /** Deltas kept for resuming clients and delayed clients, ms (must exceed the longest delay). */
  retainMs: number;
  /** And at most this many. */
  retainMax: number;
  /**
   * At most this many deltas a message. A live client this far behind gets a snapshot instead; a resuming client
   * (one that asked for what it missed) gets every delta, in messages of this size.
   */
  maxDeltasPerMessage: number;
  /** Past this many bytes queued for a client, nothing more is written to it until it drains. */
  highWaterBytes: number;
  /** Full state kept every this many events, to rebuild past states for delayed clients. */
  keyframeEvery: number;
  now: () => number;
}

export const defaultChannelOptions: ChannelOptions = {
  tickMs: 100,
  writesPerSecond: 50_000,
  maxBatchMs: 200,
  heartbeatMs: 5_000,
  retainMs: 10 * 60_000,
  retainMax: 200_000,
  maxDeltasPerMessage: 2_000,
  highWaterBytes: 1 << 20,
  keyframeEvery: 1_000,
  now: Date.now,
};

/** One retained delta, with its serializations per topic set. */
interface DeltaRecord {
  seq: number;
  at: number;
  ts: number | null;
  patch: LivePatch | undefined;
  json: Map<string, string | null>;
}

export interface Subscriber {
  connection: LiveConnection;
  topics: LiveTopic[];
  topicKey: string;
  delayMs: number;
  /** Newest seq this client has (applied by snapshot or delta). */
  cursor: number;
  /** Kernel time of the last message sent, for heartbeats. */
  lastSentAt: number;
  /** True after a tick that skipped this client because its buffer was full. */
  behind: boolean;
  /** True from a resume inside the window until the client has every delta it missed. */
  resuming: boolean;
}

export interface ChannelStats {
  sessionId: string;
  seq: number;
  subscribers: number;
  retained: number;
  messagesSent: number;
  deltasSent: number;
  snapshotsSent: number;
  skippedSlow: number;
}

/**
 * The fan-out of one session: events go into its log (durably), through the timing model, into a window of
 * retained deltas; every tick, each subscriber gets the deltas it has not had, as one message shared by all
 * the clients in the same position (same topics, no delay, in step), serialized once.
 */
export class SessionChannel {
  readonly model: TimingModel;
  private retained: DeltaRecord[] = [];
  private keyframes: {seq: number; state: string}[] = [];
  private snapshotCache: {key: string; message: SharedMessage} | null = null;
  readonly subscribers = new Set<Subscriber>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private flushTimer:
    {timeout: ReturnType<typeof setTimeout>} | {immediate: ReturnType<typeof setImmediate>} | null = null;
  private lastFlushAt = 0;
  private readonly options: ChannelOptions;
  private stats = {messagesSent: 0, deltasSent: 0, snapshotsSent: 0, skippedSlow: 0};
  /** Called for every event appended (the metrics and the feed manager listen). */
  onEvent: ((event: LoggedEvent) => void) | null = null;
  private sourceStatus: SourceStatus = {state: "live", detail: "", silentMs: 0};

  constructor(
    readonly log: SessionLog,
    options: Partial<ChannelOptions> = {},
  ) {
    this.options = {...defaultChannelOptions, ...options};
    this.model = new TimingModel(log.sessionId);
    this.keyframes.push({seq: 0, state: JSON.stringify(this.model.state)});
    for (const event of log.readAll()) this.record(event);
  }

  get sessionId(): string {
    return this.log.sessionId;
  }

  get seq(): number {
    return this.log.lastSeq();
  }

  /** Appends an event to the log (durably, before anything else), applies it and queues its delta. */
  ingest(event: FeedEvent): LoggedEvent {
    const logged = this.log.append(event, this.options.now());
    this.applyLogged(logged);
    return logged;
  }

  /**
   * Applies an event that is already in the session's log (a node following a shared log, kernel/cluster/)
   * and queues its delta; it must be the log's next seq.
   */
  applyLogged(logged: LoggedEvent): void {
    this.record(logged);
    this.onEvent?.(logged);
    this.start();
    this.scheduleFlush();
  }

  /** Kernel time the newest event arrived, epoch ms; null before any. */
  lastArrival(): number | null {
    return this.retained.at(-1)?.at ?? null;
  }

  /** What the source is doing now; clients are told when it changes (and on subscribing, unless it is live). */
  get source(): SourceStatus {
    return this.sourceStatus;
  }

  setSource(status: SourceStatus): void {
    const changed = status.state !== this.sourceStatus.state || status.detail !== this.sourceStatus.detail;
    this.sourceStatus = status;
    if (!changed) return;
    const message = this.sourceMessage();
    for (const subscriber of this.subscribers) this.send(subscriber, message);
  }

  private sourceMessage(): SharedMessage {
    return new SharedMessage(JSON.stringify({t: "source", session: this.sessionId, ...this.sourceStatus}));
  }

  /** Sends new deltas soon: at once for a few clients, batched for many (see ChannelOptions.writesPerSecond). */
  private scheduleFlush(): void {
    if (this.flushTimer || this.subscribers.size === 0) return;
    const interval = Math.min(
      this.options.maxBatchMs,
      (this.subscribers.size / this.options.writesPerSecond) * 1000,
    );
    const wait = Math.max(0, this.lastFlushAt + interval - Date.now());
    const flush = () => {
      this.flushTimer = null;
      this.lastFlushAt = Date.now();
      this.tick();
    };
    // setTimeout(0) waits a millisecond or more; setImmediate runs right after the events being handled.
    this.flushTimer = wait === 0 ? {immediate: setImmediate(flush)} : {timeout: setTimeout(flush, wait)};
  }

  private record(event: LoggedEvent): void {
    const patch = this.model.apply(event);
    this.retained.push({
      seq: event.seq,
      at: event.receivedAt,
      ts: this.model.lastUtc,
      patch,
      json: new Map(),
    });
    if (event.seq - this.keyframes.at(-1)!.seq >= this.options.keyframeEvery) {
      this.keyframes.push({seq: event.seq, state: JSON.stringify(this.model.state)});
    }
    this.trim();
  }

  private trim(): void {
    const oldest = this.options.now() - this.options.retainMs;
    let drop = Math.max(0, this.retained.length - this.options.retainMax);
    while (drop < this.retained.length - 1 && this.retained[drop]!.at < oldest) drop++;
    if (drop === 0) return;
    this.retained.splice(0, drop);
    const first = this.retained[0]!.seq;
    // Keep the newest keyframe at or before the window, so every retained seq can still be rebuilt.
    while (this.keyframes.length > 1 && this.keyframes[1]!.seq <= first - 1) this.keyframes.shift();
  }

  /** The oldest seq a client can resume after (it then gets every delta from the next one). */
  private oldestResumable(): number {
    return (this.retained[0]?.seq ?? this.seq + 1) - 1;
  }

  /** The state as of `seq` (defaults to now), rebuilt from a keyframe when it is in the past. */
  stateAt(seq = this.seq): LiveState {
    if (seq >= this.seq) return this.model.state;
    const keyframe = [...this.keyframes].reverse().find((frame) => frame.seq <= seq);
    if (!keyframe) throw new Error(`state at seq ${seq} is no longer retained`);
    let state = JSON.parse(keyframe.state) as LiveState;
    for (const record of this.retained) {
      if (record.seq <= keyframe.seq) continue;
      if (record.seq > seq) break;
      if (record.patch) state = applyPatch(state, structuredClone(record.patch));
    }
    return state;
  }

  /** Adds a client: a snapshot (or, when it resumes within the window, the deltas it missed) follows at once. */
  subscribe(
    connection: LiveConnection,
    request: {topics?: LiveTopic[]; lastSeq?: number; delayMs?: number},
  ): Subscriber {
    const topics = normalizeTopics(request.topics);
    const subscriber: Subscriber = {
      connection,
      topics,
      topicKey: topics.join(","),
      delayMs: request.delayMs ?? 0,
      cursor: -1,
      lastSentAt: this.options.now(),
      behind: false,
      resuming: false,
    };
    const lastSeq = request.lastSeq;
    if (lastSeq != null && lastSeq >= this.oldestResumable() && lastSeq <= this.seq) {
      subscriber.cursor = lastSeq;
      subscriber.resuming = true;
    }
    this.subscribers.add(subscriber);
    const subscribed = {
      t: "subscribed",
      session: this.sessionId,
      topics,
      delayMs: subscriber.delayMs,
      resumed: subscriber.cursor >= 0,
    };
    this.send(subscriber, new SharedMessage(JSON.stringify(subscribed)));
    if (this.sourceStatus.state !== "live") this.send(subscriber, this.sourceMessage());
    if (subscriber.cursor < 0) this.sendSnapshot(subscriber, this.releasedSeq(subscriber));
    else this.deliver(subscriber, new Map());
    this.start();
    return subscriber;
  }

  unsubscribe(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
  }

  /** Changes a client's delay; a shorter delay releases what it now may see at the next tick. */
  setDelay(subscriber: Subscriber, delayMs: number): void {
    subscriber.delayMs = delayMs;
  }

  /** Sends every subscriber what it is due. Runs every tick; tests may call it directly. */
  tick(): void {
    const now = this.options.now();
    const shared = new Map<string, SharedMessage>();
    for (const subscriber of this.subscribers) {
      this.deliver(subscriber, shared);
      if (now - subscriber.lastSentAt >= this.options.heartbeatMs) {
        this.send(subscriber, new SharedMessage(JSON.stringify({t: "hb", seq: subscriber.cursor, at: now})));
      }
    }
  }

  /** Newest seq this client may see now, given its delay. */
  private releasedSeq(subscriber: Subscriber): number {
    if (subscriber.delayMs <= 0 || this.retained.length === 0) return this.seq;
    const cutoff = this.options.now() - subscriber.delayMs;
    let low = 0;
    let high = this.retained.length - 1;
    if (this.retained[0]!.at > cutoff) return Math.min(this.seq, this.oldestResumable());
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.retained[middle]!.at <= cutoff) low = middle;
      else high = middle - 1;
    }
    return this.retained[low]!.seq;
  }

  private deliver(subscriber: Subscriber, shared: Map<string, SharedMessage>): void {
    const upTo = this.releasedSeq(subscriber);
    while (upTo > subscriber.cursor) {
      if (subscriber.connection.bufferedAmount() > this.options.highWaterBytes) {
        subscriber.behind = true;
        this.stats.skippedSlow++;
        return;
      }
      const from = subscriber.cursor + 1;
      const outOfWindow = from - 1 < this.oldestResumable();
      const tooFarForLive = !subscriber.resuming && upTo - from + 1 > this.options.maxDeltasPerMessage;
      if (outOfWindow || tooFarForLive) {
        this.sendSnapshot(subscriber, upTo);
        break;
      }
      const to = Math.min(upTo, from + this.options.maxDeltasPerMessage - 1);
      const key = `${subscriber.topicKey}|${from}|${to}`;
      let message = shared.get(key);
      if (!message) {
        message = this.deltaMessage(subscriber.topics, subscriber.topicKey, from, to);
        shared.set(key, message);
      }
      subscriber.cursor = to;
      subscriber.behind = false;
      this.stats.deltasSent += to - from + 1;
      this.send(subscriber, message);
    }
    subscriber.resuming = false;
  }

  private deltaMessage(topics: LiveTopic[], topicKey: string, from: number, to: number): SharedMessage {
    const start = from - this.retained[0]!.seq;
    const parts: string[] = [];
    let last: DeltaRecord | undefined;
    for (let index = start; index < this.retained.length; index++) {
      const record = this.retained[index]!;
      if (record.seq > to) break;
      last = record;
      let json = record.json.get(topicKey);
      if (json === undefined) {
        const patch = pickTopics(record.patch, topics);
        json = patch ? `[${record.seq},${JSON.stringify(patch)}]` : null;
        record.json.set(topicKey, json);
      }
      if (json) parts.push(json);
    }
    const text =
      `{"t":"delta","from":${from},"to":${to},"at":${last?.at ?? 0},"sent":${this.options.now()},"ts":${last?.ts ?? null},` +
      `"session":${JSON.stringify(this.sessionId)},"d":[${parts.join(",")}]}`;
    return new SharedMessage(text);
  }

  private sendSnapshot(subscriber: Subscriber, seq: number): void {
    // Clients joining together (a reconnect storm) share one serialization of the same snapshot.
    const key = `${seq}|${subscriber.topicKey}`;
    let message = this.snapshotCache?.key === key ? this.snapshotCache.message : null;
    if (!message) {
      const state = this.stateAt(seq);
      const record = this.retained.find((candidate) => candidate.seq === seq);
      const snapshot = {
        t: "snapshot",
        session: this.sessionId,
        seq,
        at: record?.at ?? this.options.now(),
        ts: record?.ts ?? this.model.lastUtc,
        topics: subscriber.topics,
        state: pickTopics(state as unknown as LivePatch, subscriber.topics) ?? {},
      };
      message = new SharedMessage(JSON.stringify(snapshot));
      this.snapshotCache = {key, message};
    }
    subscriber.cursor = seq;
    subscriber.behind = false;
    subscriber.resuming = false;
    this.stats.snapshotsSent++;
    this.send(subscriber, message);
  }

  private send(subscriber: Subscriber, message: SharedMessage): void {
    subscriber.lastSentAt = this.options.now();
    this.stats.messagesSent++;
    subscriber.connection.send(message);
  }

  /** Starts the tick timer (idempotent). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    (this.timer as {unref?: () => void}).unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.flushTimer && "timeout" in this.flushTimer) clearTimeout(this.flushTimer.timeout);
    if (this.flushTimer && "immediate" in this.flushTimer) clearImmediate(this.flushTimer.immediate);
    this.timer = null;
    this.flushTimer = null;
  }

  getStats(): ChannelStats {
    return {
      sessionId: this.sessionId,
      seq: this.seq,
      subscribers: this.subscribers.size,
      retained: this.retained.length,
      ...this.stats,
    };
  }
}

/** Sorted, de-duplicated topics; every topic when none are given. */
export function normalizeTopics(topics: readonly LiveTopic[] | undefined): LiveTopic[] {
  if (!topics || topics.length === 0) return [...LIVE_TOPICS];
  return LIVE_TOPICS.filter((topic) => topics.includes(topic));
}

/** The part of a patch (or state) that concerns the given topics; undefined when it concerns none. */
function pickTopics(patch: LivePatch | undefined, topics: readonly LiveTopic[]): LivePatch | undefined {
  if (!patch) return undefined;
  if (topics.length === LIVE_TOPICS.length) return patch;
  let picked: LivePatch | undefined;
  for (const topic of topics) if (topic in patch) (picked ??= {})[topic] = patch[topic];
  return picked;
}
