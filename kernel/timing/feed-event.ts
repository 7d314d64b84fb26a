/** One message of the F1 timing feed as the kernel receives it, from any feed (replay, SignalR, OpenF1). */
export interface FeedEvent {
  /** Feed topic: "TimingData", "CarData.z", ... (`.z` payloads already decoded). */
  topic: string;
  /** Milliseconds from the start of the session's stream. */
  offsetMs: number;
  /** UTC epoch ms the feed stamped the message with, where known. */
  utc: number | null;
  /** The change to deep-merge into the topic's state. */
  change: unknown;
  /** The change is the topic's whole state (a SignalR subscribe reply): replace rather than merge. */
  replace?: boolean;
}

/** A feed event as the session's log holds it: numbered, with the kernel time it arrived. */
export interface LoggedEvent extends FeedEvent {
  /** Position in the session's log, from 1; continues across restarts. */
  seq: number;
  /** Kernel time it arrived, epoch ms. */
  receivedAt: number;
}

/** The topic that resets a session's state (a replay seeking backwards). */
export const RESET_TOPIC = "_reset";

/** The kernel's own topic: in-race predictions (kernel/predict/), logged like feed events so replays keep them. */
export const PREDICTIONS_TOPIC = "PitWall.Predictions";

/** The kernel's own topic: commentary lines (kernel/commentary/), logged token by token so replays keep them. */
export const COMMENTARY_TOPIC = "PitWall.Commentary";

/** Topics the kernel logs itself, as opposed to messages from a feed. */
export const KERNEL_TOPICS: ReadonlySet<string> = new Set([PREDICTIONS_TOPIC, COMMENTARY_TOPIC]);

/** A log entry that could not be read (a shared log, kernel/cluster/): its seq stays taken, it changes nothing. */
export const CORRUPT_TOPIC = "_corrupt";
