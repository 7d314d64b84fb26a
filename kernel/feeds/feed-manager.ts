import type {ArchiveReader} from "../../sources/livetiming/index.js";
import type {LiveHub} from "../live/hub.js";
import type {SessionChannel} from "../live/session-channel.js";
import {CORRUPT_TOPIC, KERNEL_TOPICS, RESET_TOPIC} from "../timing/feed-event.js";
import type {Feed, FeedSink, FeedStatus} from "./feed.js";
import {loadReplaySource, ReplayFeed, type SeekTarget} from "./replay-feed.js";

/** How to start each kind of feed; saved beside the capture so a restarted kernel resumes it. */
export type FeedConfig =
  | {kind: "replay"; path: string; speed: number; startAtMs?: number}
  | {kind: "signalr"; baseUrl: string; sessionId: string}
  | {kind: "openf1"; baseUrl?: string; sessionKey: number; sessionId: string; pollMs?: number};

/** What the feed state file holds. */
export interface SavedFeed {
  config: FeedConfig;
  running: boolean;
}

/** Builds live feeds (SignalR, OpenF1) from their config; replay is built in. */
export type LiveFeedFactory = (
  config: Exclude<FeedConfig, {kind: "replay"}>,
  channel: SessionChannel,
) => Feed | Promise<Feed>;

/** Starts, controls and stops the feeds of the kernel's sessions, one feed per session. */
export class FeedManager {
  private feeds = new Map<string, Feed>();
  readonly problems: string[] = [];

  constructor(
    private readonly hub: LiveHub,
    private readonly archive: ArchiveReader,
    private readonly liveFeeds: LiveFeedFactory | null = null,
  ) {}

  /** Starts replaying an archived session; returns its session id. */
  async startReplay(config: Extract<FeedConfig, {kind: "replay"}>, skip = 0): Promise<string> {
    const source = await loadReplaySource(this.archive, config.path);
    this.assertFree(source.sessionId);
    const channel = this.hub.open(source.sessionId);
    const feed = new ReplayFeed(source, {
      speed: config.speed,
      startAtMs: skip > 0 ? undefined : config.startAtMs,
      skip,
      onFinished: () => this.save(channel, config, false),
    });
    this.save(channel, config, true);
    this.feeds.set(source.sessionId, feed);
    // Replaying a session the kernel already holds starts it over: the log continues, the state is reset.
    const sink = this.sinkFor(channel);
    if (skip === 0 && channel.seq > 0) sink({topic: RESET_TOPIC, offsetMs: 0, utc: null, change: {}});
    feed.start(sink);
    return source.sessionId;
  }

  /** Starts a live feed (SignalR or OpenF1) into its session. */
  async startLive(config: Exclude<FeedConfig, {kind: "replay"}>): Promise<string> {
    if (!this.liveFeeds) throw new Error("live feeds are not configured in this kernel");
    this.assertFree(config.sessionId);
    const channel = this.hub.open(config.sessionId);
    const feed = await this.liveFeeds(config, channel);
    this.save(channel, config, true);
    this.feeds.set(config.sessionId, feed);
    void Promise.resolve(feed.start(this.sinkFor(channel))).catch((error: unknown) => {
      this.problems.push(`${config.sessionId}: ${(error as Error).message}`);
    });
    return config.sessionId;
  }

  /** Restarts the feeds that were running when the kernel stopped, continuing from their captures. */
  async resumeAll(): Promise<string[]> {
    const resumed: string[] = [];
    for (const channel of this.hub.list()) if (await this.resume(channel)) resumed.push(channel.sessionId);
    return resumed;
  }

  /** Restarts a session's feed if its saved state says it was running; a replay skips what the log holds. */
  async resume(channel: SessionChannel): Promise<boolean> {
    const saved = channel.log.readFeedState() as SavedFeed | null;
    if (!saved?.running || this.feeds.has(channel.sessionId)) return false;
    try {
      if (saved.config.kind === "replay") await this.startReplay(saved.config, countSinceReset(channel));
      else await this.startLive(saved.config);
      return true;
    } catch (error) {
      this.problems.push(`${channel.sessionId}: not resumed: ${(error as Error).message}`);
      return false;
    }
  }

  /** Stops a feed without recording that it stopped (its node lost the right to ingest; another resumes it). */
  async detach(sessionId: string): Promise<void> {
    const feed = this.feeds.get(sessionId);
    this.feeds.delete(sessionId);
    await feed?.stop();
  }

  /** Where a session's feed delivers its events: into the channel here; a cluster appends to the shared log. */
  protected sinkFor(channel: SessionChannel): FeedSink {
    return (event) => channel.ingest(event);
  }

  get(sessionId: string): Feed | undefined {
    return this.feeds.get(sessionId);
  }

  /** The replay of a session, or an error saying why there is none. */
  replay(sessionId: string): ReplayFeed {
    const feed = this.feeds.get(sessionId);
    if (!(feed instanceof ReplayFeed)) {
      throw new RangeError(
        feed ? `session "${sessionId}" is fed live, not replayed` : `no feed for session "${sessionId}"`,
      );
    }
    return feed;
  }

  seek(sessionId: string, target: SeekTarget): number {
    return this.replay(sessionId).seek(target);
  }

  async stop(sessionId: string): Promise<boolean> {
    const feed = this.feeds.get(sessionId);
    if (!feed) return false;
    await feed.stop();
    this.feeds.delete(sessionId);
    const channel = this.hub.get(sessionId);
    const saved = channel?.log.readFeedState() as SavedFeed | null;
    if (channel && saved) this.save(channel, saved.config, false);
    return true;
  }

  async stopAll(): Promise<void> {
    for (const feed of this.feeds.values()) await feed.stop();
    this.feeds.clear();
  }

  statuses(): Record<string, FeedStatus> {
    return Object.fromEntries([...this.feeds].map(([id, feed]) => [id, feed.status()]));
  }

  private assertFree(sessionId: string): void {
    const running = this.feeds.get(sessionId);
    if (running && !["finished", "stopped", "failed"].includes(running.status().state)) {
      throw new ConflictError(
        `session "${sessionId}" already has a ${running.status().kind} feed; stop it first`,
      );
    }
    this.feeds.delete(sessionId);
  }

  private save(channel: SessionChannel, config: FeedConfig, running: boolean): void {
    channel.log.writeFeedState({config, running} satisfies SavedFeed);
  }
}

/** A request that clashes with what runs (HTTP 409). */
export class ConflictError extends Error {}

/** Replay events captured since the last reset: how many archive messages a resumed replay must skip. */
function countSinceReset(channel: SessionChannel): number {
  const events = channel.log.readAll();
  let count = 0;
  // The kernel's own events (predictions, commentary) and unreadable entries of a shared log are no archive
  // message: none counts.
  for (const event of events) {
    if (KERNEL_TOPICS.has(event.topic) || event.topic === CORRUPT_TOPIC) continue;
    count = event.topic === RESET_TOPIC ? 0 : count + 1;
  }
  return count;
}
