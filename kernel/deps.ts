import type {ArchiveReader} from "../sources/livetiming/index.js";
import type {FeedManager} from "./feeds/feed-manager.js";
import type {LiveHub} from "./live/hub.js";
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

/** Everything the kernel's HTTP app is built from; runtime adapters and tests assemble it. */
export interface KernelDeps {
  hub: LiveHub;
  feeds: FeedManager;
  archive: ArchiveReader;
  /** Null when SQL is not available (the reason is in `problems`). */
  sql: SqlService | null;
  /** The models (kernel/predict/); null when they did not load or failed their contracts (see `problems`). */
  predictions: PredictionService | null;
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
}
