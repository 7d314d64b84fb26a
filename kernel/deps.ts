import type {ArchiveReader} from "../sources/livetiming/index.js";
import type {Commentator} from "./commentary/commentator.js";
import type {FeedManager, LiveFeedFactory} from "./feeds/feed-manager.js";
import type {LiveHub, LogStore} from "./live/hub.js";
import type {PredictionService} from "./predict/prediction-service.js";
import type {ProtocolLimits} from "./protocol/client-handler.js";
import type {SqlResult} from "./sql/sql-sandbox.js";

/** Counters the HTTP and WebSocket layers keep for /v1/metrics. */
export interface KernelMetrics {
  requests: Map<number, number>;
  connections: number;
  refused: Map<number, number>;
}

export function createMetrics(): KernelMetrics {
  return {requests: new Map(), connections: 0, refused: new Map()};
}

/** Runs sandboxed SQL (see sql/sql-sandbox.ts). */
export interface SqlService {
  readonly views: string[];
  query(sql: string, params?: Record<string, unknown> | unknown[], maxRows?: number): Promise<SqlResult>;
}

/** A Prometheus metric family: name, type, help and labelled samples. */
export type MetricFamily = [
  name: string,
  type: string,
  help: string,
  samples: [Record<string, string>, number][],
];

/**
 * The multi-node mode (kernel/cluster/): it supplies the session logs (a shared log) and the feed manager
 * (one ingesting node per session), and joins the kernel to its peers once built.
 */
export interface KernelCluster {
  logStore: LogStore;
  createFeeds(hub: LiveHub, archive: ArchiveReader, liveFeeds: LiveFeedFactory | null): FeedManager;
  attach(deps: KernelDeps): Promise<void>;
  /** Shown by /v1/health under `cluster`. */
  health(): Record<string, unknown>;
  metrics(): MetricFamily[];
  close(): Promise<void>;
}

/** Everything the kernel's HTTP app is built from; runtime adapters and tests assemble it. */
export interface KernelDeps {
  hub: LiveHub;
  feeds: FeedManager;
  archive: ArchiveReader;
  /** Null when SQL is not available (the reason is in `problems`). */
  sql: SqlService | null;
  /** The models (kernel/predict/); null when they did not load or failed their contracts (see `problems`). */
  predictions: PredictionService | null;
  /** The live commentator (kernel/commentary/); null when commentary is off. */
  commentary: Commentator | null;
  /** Bearer tokens accepted by control and SQL endpoints; none closes them. */
  tokens: string[];
  /** Origins allowed by CORS and the WebSocket origin check. */
  allowedOrigins: string[];
  /** The client's address, for per-client rate limits. */
  clientAddress: (request: Request, env: unknown) => string;
  clock: {now(): number};
  limits: ProtocolLimits;
  rateLimits: {requestsPerMinute: number; sqlPerMinute: number};
  /** Serve this folder (the built site) at /, when set. */
  staticDir: string | null;
  metrics: KernelMetrics;
  /** Problems met while starting (capture repairs, SQL unavailable), shown by /v1/health. */
  problems: string[];
  /** Set when the kernel is one node of several (kernel/cluster/). */
  cluster: KernelCluster | null;
}
