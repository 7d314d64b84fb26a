import {Redis} from "ioredis";
import {normalizeSessionPath, type ArchiveReader} from "../../sources/livetiming/index.js";
import type {SourceStatus} from "../../src/sport/kernel-messages.js";
import {sessionIdFromPath} from "../../src/sport/session-id.js";
import type {KernelCluster, KernelDeps, MetricFamily} from "../deps.js";
import type {FeedSink} from "../feeds/feed.js";
import {
  ConflictError,
  FeedManager,
  type FeedConfig,
  type LiveFeedFactory,
  type SavedFeed,
} from "../feeds/feed-manager.js";
import {judgeSource} from "../feeds/source-watch.js";
import type {LiveHub, LogStore} from "../live/hub.js";
import type {SessionChannel} from "../live/session-channel.js";
import {IngestWriter} from "./ingest-writer.js";
import {parseHolder, SessionLease} from "./lease.js";
import {NODES_KEY, SESSIONS_KEY, sessionKeys} from "./redis-keys.js";
import {RedisSessionLog} from "./redis-log.js";
import {StreamFollower} from "./stream-follower.js";

/** How a node joins the cluster; every field but the Redis URL and node id has a default. */
export interface ClusterOptions {
  /** e.g. redis://127.0.0.1:6379 */
  redisUrl: string;
  /** This node's name, unique in the cluster (defaults to the host name and pid in kernel/node.ts). */
  nodeId: string;
  /** Where operators reach this node, named in "the session is ingested by ..." answers. */
  advertiseUrl?: string | null;
  /** Lease time-to-live: how long a dead ingester blocks its session before another node takes over, ms. */
  leaseTtlMs?: number;
  /** How often leases are renewed, free sessions looked for and source status exchanged, ms. */
  pollMs?: number;
  /** A live feed silent this long is reported as delayed, ms. */
  stallMs?: number;
  /** A session's log and feed state expire this long after the last node ingesting it let go, ms. */
  retainMs?: number;
  log?: (line: string) => void;
}

const DEFAULTS = {leaseTtlMs: 4_000, pollMs: 500, retainMs: 48 * 3_600_000};

interface SessionState {
  id: string;
  log: RedisSessionLog;
  lease: SessionLease;
  follower: StreamFollower;
  /** This node's holder string while it holds the lease. */
  held: string | null;
  writer: IngestWriter | null;
  /** The lease holder as last read, whoever it is. */
  holder: string | null;
  takingOver: boolean;
}

/**
 * One kernel node of several sharing Redis. Every node follows every session's stream and serves any client
 * (same log, same deterministic timing model, so the same seqs and states everywhere). One node at a time
 * ingests a session: the one holding its lease runs the feed and appends to the stream; when it dies its
 * lease expires and another node takes over, resuming the feed from the log, so the sequence continues with
 * no gap and no duplicate. Polls every `pollMs`: renews held leases, takes free ones whose feed should run,
 * publishes and reads source status, and discovers sessions started elsewhere.
 */
export class ClusterNode implements KernelCluster {
  private readonly sessions = new Map<string, SessionState>();
  private readonly opening = new Map<string, Promise<SessionState>>();
  private readonly nodeUrls = new Map<string, string>();
  private deps: KernelDeps | null = null;
  private feeds: ClusterFeedManager | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private renewTimer: ReturnType<typeof setInterval> | null = null;
  private ticking = false;
  private renewing = false;
  private readonly leaseRedis: Redis;
  private closed = false;
  private readonly settings: Required<Omit<ClusterOptions, "advertiseUrl" | "stallMs">> & {stallMs?: number};
  private advertiseUrl: string | null;
  readonly counts = {takeovers: 0, leasesLost: 0, corrupt: 0};
  /** Recent problems (newest last), for /v1/health. */
  readonly problems: string[] = [];

  private constructor(
    options: ClusterOptions,
    private readonly redis: Redis,
  ) {
    this.settings = {...DEFAULTS, log: (line) => process.stderr.write(`${line}\n`), ...options};
    this.advertiseUrl = options.advertiseUrl ?? null;
    this.leaseRedis = redis.duplicate();
    this.leaseRedis.on("error", () => {});
  }

  /** Connects to Redis (waiting for it) and loads every session's log. */
  static async connect(options: ClusterOptions): Promise<ClusterNode> {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const redis = connectRedis(options.redisUrl, `pitwall-${options.nodeId}`, log);
    await redis.ping();
    const node = new ClusterNode(options, redis);
    for (const id of (await redis.smembers(SESSIONS_KEY)).sort()) await node.load(id);
    return node;
  }

  get nodeId(): string {
    return this.settings.nodeId;
  }

  /**
   * Sets the URL peers name for this node (once the server listens, when it was not configured) and
   * publishes it at once, so a peer refusing feed control can say where to go without waiting a poll.
   */
  async setAdvertiseUrl(url: string): Promise<void> {
    this.advertiseUrl ??= url;
    if (!this.closed) await this.publishNode();
  }

  private async publishNode(): Promise<void> {
    await this.redis.hset(NODES_KEY, this.nodeId, JSON.stringify({url: this.advertiseUrl, at: Date.now()}));
  }

  readonly logStore: LogStore = {
    open: (sessionId) => {
      const state = this.sessions.get(sessionId);
      if (!state) throw new Error(`session ${sessionId} is not loaded from Redis on node ${this.nodeId}`);
      return state.log;
    },
    list: () => [...this.sessions.keys()],
  };

  createFeeds(hub: LiveHub, archive: ArchiveReader, liveFeeds: LiveFeedFactory | null): FeedManager {
    this.feeds = new ClusterFeedManager(hub, archive, liveFeeds, this);
    return this.feeds;
  }

  async attach(deps: KernelDeps): Promise<void> {
    this.deps = deps;
    for (const state of this.sessions.values()) state.follower.start();
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.settings.pollMs);
    this.timer.unref?.();
    // Renewals run on their own timer and connection: nothing else the node does (catching up on a log,
    // appending a burst of events) may hold them up past the lease's time-to-live.
    this.renewTimer = setInterval(() => void this.renewAll(), this.settings.leaseTtlMs / 4);
    this.renewTimer.unref?.();
  }

  /** The session, loaded from Redis (and registered there) and served here; idempotent. */
  async ensureSession(sessionId: string): Promise<SessionState> {
    const known = this.sessions.get(sessionId);
    if (known) return known;
    let opening = this.opening.get(sessionId);
    if (!opening) {
      opening = (async () => {
        await this.redis.sadd(SESSIONS_KEY, sessionId);
        const state = await this.load(sessionId);
        this.deps?.hub.open(sessionId);
        if (this.deps) state.follower.start();
        return state;
      })().finally(() => this.opening.delete(sessionId));
      this.opening.set(sessionId, opening);
    }
    return opening;
  }

  /** Takes the lease of a session for this node (or finds it held here already); a ConflictError when another has it. */
  async holdLease(sessionId: string): Promise<void> {
    const state = await this.ensureSession(sessionId);
    if (state.held) return;
    const holder = await state.lease.acquire(this.nodeId);
    if (!holder) {
      state.holder = await state.lease.holder();
      throw new ConflictError(this.elsewhere(state) ?? `session "${sessionId}" is being taken over; retry`);
    }
    state.held = state.holder = holder;
    try {
      // Whatever the previous holder appended is in the stream now; nobody else can append any more.
      await state.follower.catchUp();
      const saved = await this.redis.get(sessionKeys(sessionId).feed);
      state.log.cacheFeedState(saved ? JSON.parse(saved) : null);
    } catch (error) {
      state.held = null;
      await state.lease.release(holder).catch(() => {});
      throw error;
    }
    state.writer = new IngestWriter(this.redis, sessionId, holder, state.log.lastSeq(), (reason) => {
      void this.lose(state, reason);
    });
    this.settings.log(
      `cluster ${this.nodeId}: ingesting ${sessionId} from seq ${state.log.lastSeq() + 1} (${holder})`,
    );
  }

  /** Gives up a session's lease (its feed was stopped here). */
  async releaseLease(sessionId: string): Promise<void> {
    const state = this.sessions.get(sessionId);
    if (!state?.held) return;
    const holder = state.held;
    state.held = null;
    state.writer?.stop();
    state.writer = null;
    await state.lease.release(holder);
    await this.redis.del(sessionKeys(sessionId).source);
  }

  /** The sink that appends a session's events under this node's lease. */
  sinkFor(sessionId: string): FeedSink {
    const writer = this.sessions.get(sessionId)?.writer;
    if (!writer) throw new Error(`node ${this.nodeId} does not hold the lease of ${sessionId}`);
    return writer.sink;
  }

  /** Why feed control for a session cannot be done here ("ingested by node b at ..."), or null. */
  elsewhere(state: SessionState | string): string | null {
    const session = typeof state === "string" ? this.sessions.get(state) : state;
    if (!session?.holder || session.held) return null;
    const {nodeId} = parseHolder(session.holder);
    const url = this.nodeUrls.get(nodeId);
    return `session "${session.id}" is ingested by node ${nodeId}${url ? ` (${url})` : ""}: send feed control there`;
  }

  health(): Record<string, unknown> {
    return {
      nodeId: this.nodeId,
      redis: this.redis.status,
      sessions: [...this.sessions.values()].map((state) => ({
        sessionId: state.id,
        seq: state.log.lastSeq(),
        ingester: state.holder ? parseHolder(state.holder).nodeId : null,
        ingestingHere: state.held != null,
        corrupt: state.follower.counts.corrupt,
      })),
      ...this.counts,
      problems: this.problems.slice(-20),
    };
  }

  metrics(): MetricFamily[] {
    const per = (pick: (state: SessionState) => number) =>
      [...this.sessions.values()].map((state): [Record<string, string>, number] => [
        {session: state.id},
        pick(state),
      ]);
    return [
      [
        "pitwall_cluster_redis_up",
        "gauge",
        "1 while the node's Redis connection is ready",
        [[{}, this.redis.status === "ready" ? 1 : 0]],
      ],
      [
        "pitwall_cluster_lease_held",
        "gauge",
        "1 for each session this node ingests",
        per((state) => (state.held ? 1 : 0)),
      ],
      [
        "pitwall_cluster_log_corrupt_total",
        "counter",
        "Log entries that could not be read (skipped)",
        per((state) => state.follower.counts.corrupt),
      ],
      [
        "pitwall_cluster_takeovers_total",
        "counter",
        "Sessions this node took over from a node that stopped ingesting",
        [[{}, this.counts.takeovers]],
      ],
      [
        "pitwall_cluster_leases_lost_total",
        "counter",
        "Leases this node lost while ingesting",
        [[{}, this.counts.leasesLost]],
      ],
    ];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.renewTimer) clearInterval(this.renewTimer);
    await this.feeds?.stopAll();
    const releases = [...this.sessions.values()].map((state) => this.releaseLease(state.id));
    await withTimeout(Promise.allSettled(releases), 2_000);
    await withTimeout(this.redis.hdel(NODES_KEY, this.nodeId), 1_000).catch(() => {});
    for (const state of this.sessions.values()) state.follower.stop();
    this.redis.disconnect();
    this.leaseRedis.disconnect();
  }

  private async load(sessionId: string): Promise<SessionState> {
    const log = new RedisSessionLog(sessionId, this.redis, (problem) => this.problem(problem));
    const blocking = this.redis.duplicate();
    blocking.on("error", () => {});
    const follower = new StreamFollower(blocking, this.redis, sessionId, {
      lastSeq: () => log.lastSeq(),
      apply: (event) => {
        log.adopt(event);
        this.deps?.hub.get(sessionId)?.applyLogged(event);
      },
      corrupt: (detail) => {
        this.counts.corrupt++;
        this.problem(`skipped an unreadable log entry: ${detail}`);
      },
      problem: (detail) => this.problem(detail),
    });
    const state: SessionState = {
      id: sessionId,
      log,
      lease: new SessionLease(this.leaseRedis, sessionId, {
        ttlMs: this.settings.leaseTtlMs,
        retainMs: this.settings.retainMs,
      }),
      follower,
      held: null,
      writer: null,
      holder: null,
      takingOver: false,
    };
    await follower.catchUp();
    const saved = await this.redis.get(sessionKeys(sessionId).feed);
    log.cacheFeedState(saved ? JSON.parse(saved) : null);
    this.sessions.set(sessionId, state);
    return state;
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.closed || !this.deps) return;
    this.ticking = true;
    try {
      await this.publishNode();
      for (const [nodeId, json] of Object.entries(await this.redis.hgetall(NODES_KEY))) {
        const url = (JSON.parse(json) as {url?: string | null}).url;
        if (url) this.nodeUrls.set(nodeId, url);
      }
      for (const id of await this.redis.smembers(SESSIONS_KEY))
        if (!this.sessions.has(id)) await this.ensureSession(id);
      for (const state of this.sessions.values()) await this.tend(state);
    } catch (error) {
      this.problem(`cluster poll: ${(error as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  private async renewAll(): Promise<void> {
    if (this.renewing || this.closed) return;
    this.renewing = true;
    try {
      const held = [...this.sessions.values()].filter((state) => state.held);
      await Promise.all(
        held.map(async (state) => {
          const holder = state.held!;
          const renewed = await state.lease.renew(holder);
          if (!renewed && state.held === holder)
            await this.lose(state, "the lease expired or was taken over");
        }),
      );
    } catch (error) {
      this.problem(`renewing leases: ${(error as Error).message}`);
    } finally {
      this.renewing = false;
    }
  }

  /** Takes a free lease whose feed should run, and passes the session's source status on. */
  private async tend(state: SessionState): Promise<void> {
    const channel = this.deps!.hub.get(state.id);
    if (!channel) return;
    const keys = sessionKeys(state.id);
    if (state.held) {
      const feed = this.feeds?.get(state.id)?.status() ?? null;
      const status = judgeSource(feed, channel.lastArrival(), Date.now(), this.settings.stallMs);
      channel.setSource(status);
      await this.redis.set(keys.source, JSON.stringify(status), "PX", this.settings.pollMs * 4);
      // A replay that played to its end needs no ingester any more (no feed yet means one is starting).
      if (feed?.state === "finished" || feed?.state === "stopped") await this.releaseLease(state.id);
      return;
    }
    const [holder, feedJson, sourceJson] = await Promise.all([
      this.redis.get(keys.lease),
      this.redis.get(keys.feed),
      this.redis.get(keys.source),
    ]);
    state.holder = holder;
    const saved = feedJson ? (JSON.parse(feedJson) as SavedFeed) : null;
    state.log.cacheFeedState(saved);
    if (!holder && saved?.running) {
      // Not awaited: resuming a feed can take seconds (a replay loads its archive) and must not hold up the
      // renewals of the leases this node has.
      if (!state.takingOver) {
        state.takingOver = true;
        void this.takeOver(state, channel)
          .catch((error: unknown) => this.problem(`taking over ${state.id}: ${(error as Error).message}`))
          .finally(() => (state.takingOver = false));
      }
      return;
    }
    channel.setSource(readSource(holder, saved, sourceJson, channel));
  }

  /** Takes a free session whose feed should be running and resumes the feed from the log. */
  private async takeOver(state: SessionState, channel: SessionChannel): Promise<void> {
    try {
      await this.holdLease(state.id);
    } catch (error) {
      if (error instanceof ConflictError) return;
      throw error;
    }
    if (await this.feeds!.resume(channel)) {
      this.counts.takeovers++;
      this.settings.log(`cluster ${this.nodeId}: took over ${state.id} at seq ${state.log.lastSeq()}`);
    } else {
      await this.releaseLease(state.id);
    }
  }

  /** This node may no longer ingest the session: its feed stops at once (the new holder resumes it). */
  private async lose(state: SessionState, reason: string): Promise<void> {
    if (!state.held) return;
    state.held = null;
    state.writer?.stop();
    state.writer = null;
    this.counts.leasesLost++;
    this.problem(`${state.id}: stopped ingesting: ${reason}`);
    await this.feeds?.detach(state.id);
  }

  private problem(detail: string): void {
    this.problems.push(`${new Date().toISOString()} ${detail}`);
    if (this.problems.length > 100) this.problems.splice(0, this.problems.length - 100);
    this.settings.log(`cluster ${this.nodeId}: ${detail}`);
  }
}

/** The source status of a session this node does not ingest, from what its ingester last published. */
function readSource(
  holder: string | null,
  saved: SavedFeed | null,
  sourceJson: string | null,
  channel: SessionChannel,
): SourceStatus {
  const silentMs = Math.max(0, Date.now() - (channel.lastArrival() ?? Date.now()));
  if (!saved?.running) return {state: "ended", detail: "no feed runs for this session", silentMs};
  if (!holder)
    return {state: "delayed", detail: "no node ingests this session; another takes over shortly", silentMs};
  if (!sourceJson) return {state: "delayed", detail: "the ingesting node has not reported", silentMs};
  return JSON.parse(sourceJson) as SourceStatus;
}

/** Feed control in a cluster: a feed runs on the node holding its session's lease and appends to Redis. */
class ClusterFeedManager extends FeedManager {
  constructor(
    hub: LiveHub,
    private readonly archiveReader: ArchiveReader,
    liveFeeds: LiveFeedFactory | null,
    private readonly cluster: ClusterNode,
  ) {
    super(hub, archiveReader, liveFeeds);
  }

  override async startReplay(config: Extract<FeedConfig, {kind: "replay"}>, skip = 0): Promise<string> {
    const path = normalizeSessionPath(config.path);
    // Refuse an unknown session before it is registered in Redis.
    if ((await this.archiveReader.listTopicFiles(path)).length === 0)
      throw new Error(
        `No topics for ${path} in ${this.archiveReader.description}: GET /v1/sessions lists them.`,
      );
    return this.underLease(sessionIdFromPath(path), () => super.startReplay(config, skip));
  }

  override async startLive(config: Exclude<FeedConfig, {kind: "replay"}>): Promise<string> {
    return this.underLease(config.sessionId, () => super.startLive(config));
  }

  /** Starts a feed holding the session's lease; a feed that fails to start lets the lease go. */
  private async underLease(sessionId: string, start: () => Promise<string>): Promise<string> {
    await this.cluster.holdLease(sessionId);
    try {
      return await start();
    } catch (error) {
      if (!this.get(sessionId)) await this.cluster.releaseLease(sessionId);
      throw error;
    }
  }

  override replay(sessionId: string) {
    if (!this.get(sessionId)) this.refuseElsewhere(sessionId);
    return super.replay(sessionId);
  }

  override async stop(sessionId: string): Promise<boolean> {
    if (!this.get(sessionId)) this.refuseElsewhere(sessionId);
    const stopped = await super.stop(sessionId);
    await this.cluster.releaseLease(sessionId);
    return stopped;
  }

  protected override sinkFor(channel: SessionChannel): FeedSink {
    return this.cluster.sinkFor(channel.sessionId);
  }

  private refuseElsewhere(sessionId: string): void {
    const where = this.cluster.elsewhere(sessionId);
    if (where) throw new ConflictError(where);
  }
}

/** A Redis connection that waits out outages: commands queue until it is back (none fail for want of it). */
export function connectRedis(url: string, name: string, log: (line: string) => void): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(100 * attempt, 1_000),
  });
  let lastError = "";
  redis.on("error", (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    log(`cluster: Redis ${url}: ${error.message}; reconnecting`);
  });
  redis.on("ready", () => {
    if (lastError) log(`cluster: Redis ${url}: connected again`);
    lastError = "";
  });
  return redis;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([
    promise,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref()),
  ]);
}
