import type {FeedEvent} from "../timing/feed-event.js";

/** Where a feed delivers its events (the session channel's ingest). */
export type FeedSink = (event: FeedEvent) => void;

/** What a feed says about itself (GET /v1/sessions, metrics). */
export interface FeedStatus {
  kind: "replay" | "signalr" | "openf1";
  state:
    | "starting"
    | "playing"
    | "paused"
    | "connecting"
    | "connected"
    | "reconnecting"
    | "finished"
    | "stopped"
    | "failed";
  /** Human-readable detail: the archive path, the URL, the last error. */
  detail: string;
  [key: string]: unknown;
}

/** A source of feed events for one session. */
export interface Feed {
  readonly sessionId: string;
  start(sink: FeedSink): Promise<void> | void;
  stop(): Promise<void> | void;
  status(): FeedStatus;
}
