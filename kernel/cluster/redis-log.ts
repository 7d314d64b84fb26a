import type {Redis} from "ioredis";
import type {SessionLog} from "../capture/capture-log.js";
import {CORRUPT_TOPIC, type FeedEvent, type LoggedEvent} from "../timing/feed-event.js";
import {sessionKeys} from "./redis-keys.js";

/** A Redis stream entry as XRANGE / XREAD return it: [id, [field, value, ...]]. */
export type StreamEntry = [id: string, fields: string[]];

/**
 * A session's log as one node holds it: a local copy of the Redis stream that every node follows (the stream
 * is the log of record; see cluster-node.ts). Nodes never append here directly: the ingesting node appends to
 * the stream under its lease (ingest-writer.ts) and each node, itself included, adopts entries as they come
 * back, so every node applies the same events in the same order.
 */
export class RedisSessionLog implements SessionLog {
  private lines: string[] = [];
  private seq = 0;
  private feedState: unknown = null;

  constructor(
    readonly sessionId: string,
    private readonly redis: Redis,
    private readonly onWriteError: (message: string) => void = () => {},
  ) {}

  lastSeq(): number {
    return this.seq;
  }

  append(_event: FeedEvent, _receivedAt: number): LoggedEvent {
    throw new Error(
      `session ${this.sessionId} is shared through Redis: events are appended by its ingesting node (kernel/cluster/)`,
    );
  }

  /** Takes the stream's next entry into the local copy. */
  adopt(event: LoggedEvent): void {
    if (event.seq !== this.seq + 1)
      throw new Error(`log of ${this.sessionId}: seq ${event.seq} does not follow ${this.seq}`);
    this.lines.push(JSON.stringify(event));
    this.seq = event.seq;
  }

  readAll(): LoggedEvent[] {
    return this.lines.map((line) => JSON.parse(line) as LoggedEvent);
  }

  readFeedState(): unknown {
    return this.feedState;
  }

  /** Keeps the feed state read from Redis (by the node's poll). */
  cacheFeedState(state: unknown): void {
    this.feedState = state;
  }

  writeFeedState(state: unknown): void {
    this.feedState = state;
    this.redis
      .set(sessionKeys(this.sessionId).feed, JSON.stringify(state))
      .catch((error: unknown) =>
        this.onWriteError(`feed state of ${this.sessionId}: ${(error as Error).message}`),
      );
  }

  close(): void {}
}

/** Reads one stream entry as a logged event; an unreadable one becomes a CORRUPT_TOPIC event with its seq. */
export function decodeEntry([id, fields]: StreamEntry): {event: LoggedEvent; corrupt: string | null} {
  const seq = Number(id.split("-")[0]);
  const value = (name: string) => {
    for (let index = 0; index < fields.length - 1; index += 2)
      if (fields[index] === name) return fields[index + 1];
    return undefined;
  };
  const receivedAt = Number(value("r"));
  try {
    const event = JSON.parse(value("e") ?? "") as FeedEvent;
    if (typeof event?.topic !== "string" || typeof event.offsetMs !== "number")
      throw new Error("no topic or offsetMs");
    if (!Number.isFinite(receivedAt)) throw new Error("no receivedAt");
    return {event: {seq, receivedAt, ...event}, corrupt: null};
  } catch (error) {
    return {
      event: {
        seq,
        receivedAt: Number.isFinite(receivedAt) ? receivedAt : 0,
        topic: CORRUPT_TOPIC,
        offsetMs: 0,
        utc: null,
        change: null,
      },
      corrupt: `entry ${id}: ${(error as Error).message}`,
    };
  }
}

/** Entries of a session's stream after `afterSeq`, oldest first, in pages. */
export async function* readStream(
  redis: Redis,
  sessionId: string,
  afterSeq: number,
  pageSize = 5_000,
): AsyncGenerator<StreamEntry[]> {
  const key = sessionKeys(sessionId).log;
  let after = `${afterSeq}-0`;
  for (;;) {
    const page = (await redis.xrange(key, `(${after}`, "+", "COUNT", pageSize)) as StreamEntry[];
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)![0];
  }
}
