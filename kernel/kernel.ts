import {join, resolve} from "node:path";
import {createFolderReader, type ArchiveReader} from "../sources/livetiming/index.js";
import {readSettings} from "../sources/settings.js";
import {createApp, type KernelApp} from "./app.js";
import {Commentator} from "./commentary/commentator.js";
import {commentaryFromEnv, type CommentarySetup} from "./commentary/settings.js";
import {createMetrics, type KernelCluster, type KernelDeps, type SqlService} from "./deps.js";
import {FeedManager, type LiveFeedFactory} from "./feeds/feed-manager.js";
import {createLiveFeedFactory} from "./feeds/live-feeds.js";
import {watchSources} from "./feeds/source-watch.js";
import {createFileLogStore, LiveHub} from "./live/hub.js";
import type {PredictionService} from "./predict/prediction-service.js";
import type {ChannelOptions} from "./live/session-channel.js";
import {defaultProtocolLimits, type ProtocolLimits} from "./protocol/client-handler.js";

/** How to build a kernel; every field has a default. */
export interface KernelOptions {
  /** Where captures go; defaults to <cacheDir>/capture. */
  captureDir?: string;
  /** The archive to replay; defaults to the mirror's livetiming/ folder. */
  archive?: ArchiveReader;
  tokens?: string[];
  allowedOrigins?: string[];
  staticDir?: string | null;
  channel?: Partial<ChannelOptions>;
  limits?: Partial<ProtocolLimits>;
  rateLimits?: Partial<KernelDeps["rateLimits"]>;
  /** Build the SQL service; null turns SQL off. Defaults to the sandbox over the table store. */
  sql?: (() => Promise<SqlService>) | null;
  liveFeeds?: LiveFeedFactory | null;
  clientAddress?: KernelDeps["clientAddress"];
  /** Restart feeds that were running when the kernel last stopped (default true). */
  resumeFeeds?: boolean;
  /** Load the models from this folder (default models/); null turns predictions off. */
  models?: string | null;
  /** Publish in-race predictions into live races every lap (the `predictions` topic); default false. */
  livePredictions?: boolean;
  /** Write live commentary into every session (the `commentary` topic, kernel/commentary/); default off. */
  commentary?: CommentarySetup | null;
  /** Run as one node of several sharing a Redis log (kernel/cluster/); default single-node, files. */
  cluster?: KernelCluster;
  /** A live feed silent this long is reported to clients as delayed, ms. */
  stallMs?: number;
}

export interface Kernel {
  app: KernelApp;
  deps: KernelDeps;
  close(): Promise<void>;
}

/** Origins allowed by default: the site served by `npm start` / `npm run dev` on this machine. */
export const DEFAULT_ORIGINS = ["http://127.0.0.1:3000", "http://localhost:3000"];

/** Assembles a kernel: restores captured sessions, resumes their feeds, opens SQL; runtime-neutral. */
export async function createKernel(options: KernelOptions = {}): Promise<Kernel> {
  const settings = readSettings();
  const problems: string[] = [];
  const captureDir = options.captureDir ?? join(settings.cacheDir, "capture");
  const archive = options.archive ?? defaultArchive(settings.mirror);
  const cluster = options.cluster ?? null;
  const hub = new LiveHub(cluster?.logStore ?? createFileLogStore(captureDir, problems), options.channel);
  hub.restore();
  const liveFeeds =
    options.liveFeeds === undefined
      ? createLiveFeedFactory({cacheDir: join(settings.cacheDir, "http")})
      : options.liveFeeds;
  const feeds = cluster?.createFeeds(hub, archive, liveFeeds) ?? new FeedManager(hub, archive, liveFeeds);
  let sql: SqlService | null = null;
  const makeSql = options.sql === undefined ? () => openStoreSql(settings.cacheDir) : options.sql;
  if (makeSql) {
    sql = await makeSql().catch((error: unknown) => {
      problems.push(`SQL is off: ${(error as Error).message}`);
      return null;
    });
  }
  const predictions =
    options.models === null
      ? null
      : await openPredictions(options.models, {mirror: settings.mirror, archive, hub}).catch(
          (error: unknown) => {
            problems.push(`predictions are off: ${(error as Error).message}`);
            return null;
          },
        );
  // In a cluster only the ingesting node may add to a session's log, so the kernel's own events stay off.
  const publisher =
    predictions && options.livePredictions && !cluster
      ? await startPublisher(hub, predictions, problems)
      : null;
  const limits = {...defaultProtocolLimits, ...options.limits};
  const commentary = options.commentary
    ? startCommentator(hub, options.commentary, cluster != null, problems)
    : null;
  const deps: KernelDeps = {
    hub,
    feeds,
    archive,
    sql,
    predictions,
    commentary,
    tokens: options.tokens ?? [],
    allowedOrigins: options.allowedOrigins ?? DEFAULT_ORIGINS,
    clientAddress: options.clientAddress ?? (() => "local"),
    clock: {now: limits.now},
    limits,
    rateLimits: {requestsPerMinute: 600, sqlPerMinute: 30, ...options.rateLimits},
    staticDir: options.staticDir ?? null,
    metrics: createMetrics(),
    problems,
    cluster,
  };
  let stopWatch: (() => void) | null = null;
  if (cluster) await cluster.attach(deps);
  else {
    if (options.resumeFeeds !== false) await feeds.resumeAll();
    stopWatch = watchSources(hub, feeds, {stallMs: options.stallMs});
  }
  return {
    app: createApp(deps),
    deps,
    async close() {
      stopWatch?.();
      await cluster?.close();
      publisher?.stop();
      commentary?.stop();
      await feeds.stopAll();
      hub.close();
      (sql as {close?: () => void} | null)?.close?.();
      await predictions?.predictor.close();
    },
  };
}

function defaultArchive(mirror: string | null): ArchiveReader {
  if (mirror) return createFolderReader(resolve(mirror, "livetiming"));
  throw new Error("no archive: set PITWALL_MIRROR to a folder holding livetiming/ (see README)");
}

// Loaded on demand: onnxruntime-node is a native module, and a kernel without models should not pay for it.
async function openPredictions(
  folder: string | undefined,
  options: {mirror: string | null; archive: ArchiveReader; hub: LiveHub},
): Promise<PredictionService> {
  const {Predictor} = await import("./predict/predictor.js");
  const {PredictionService} = await import("./predict/prediction-service.js");
  return new PredictionService(await Predictor.load(folder), options);
}

async function startPublisher(hub: LiveHub, predictions: PredictionService, problems: string[]) {
  const {LivePredictionPublisher} = await import("./predict/live-predictions.js");
  const publisher = new LivePredictionPublisher(hub, predictions, problems);
  publisher.start();
  return publisher;
}

// Like predictions, commentary joins the session's log: in a cluster only the ingesting node may write it.
function startCommentator(hub: LiveHub, setup: CommentarySetup, clustered: boolean, problems: string[]) {
  if (clustered) {
    problems.push("commentary is off: a node of a cluster does not write to the shared log");
    return null;
  }
  const commentator = new Commentator(hub, setup);
  commentator.start();
  return commentator;
}

async function openStoreSql(cacheDir: string): Promise<SqlService> {
  const {openTableStore} = await import("../store/open-store.js");
  const {planStoreViews, SqlSandbox} = await import("./sql/sql-sandbox.js");
  const store = await openTableStore({cacheDir});
  return SqlSandbox.create(planStoreViews(join(store.root, store.version)));
}

/**
 * Settings from the environment: PITWALL_KERNEL_TOKEN (comma-separated), PITWALL_KERNEL_ORIGINS,
 * PITWALL_LIVE_PREDICTIONS ("on" publishes in-race predictions into live races: they join the capture log, so
 * a session's seq numbers then count the kernel's own events too), PITWALL_STALL_MS (a live feed silent this
 * long is reported to clients as delayed), the commentary's settings (see commentary/settings.ts: on with
 * PITWALL_COMMENTARY=on; Claude with ANTHROPIC_API_KEY, templates without).
 */
export function optionsFromEnv(env: Record<string, string | undefined>): KernelOptions {
  const list = (value: string | undefined) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
  const origins = list(env.PITWALL_KERNEL_ORIGINS);
  return {
    tokens: list(env.PITWALL_KERNEL_TOKEN),
    allowedOrigins: origins.length > 0 ? origins : DEFAULT_ORIGINS,
    captureDir: env.PITWALL_CAPTURE_DIR || undefined,
    livePredictions: env.PITWALL_LIVE_PREDICTIONS === "on",
    stallMs: env.PITWALL_STALL_MS ? Number(env.PITWALL_STALL_MS) : undefined,
    commentary: commentaryFromEnv(env),
  };
}
