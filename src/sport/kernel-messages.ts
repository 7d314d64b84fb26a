// The kernel's live state and WebSocket messages: shared by the kernel (kernel/) and the notebook client
// (src/components/live/). Pure types and constants, no I/O.
import type {CommentaryLength, CommentaryStyle, LiveCommentary} from "./commentary.js";

/** A mini-sector colour as the timing screens show it. */
export type SegmentColour = "yellow" | "green" | "purple" | "pit" | "other" | null;

/** One sector of the lap a car is on (or has just finished). */
export interface LiveSector {
  /** As timing shows it, e.g. "28.412"; null when not set yet. */
  time: string | null;
  seconds: number | null;
  personalBest: boolean;
  overallBest: boolean;
  /** Mini-sectors of this sector, in track order. */
  segments: SegmentColour[];
}

export interface LiveLap {
  time: string | null;
  seconds: number | null;
  personalBest: boolean;
  overallBest: boolean;
}

export interface LiveTyre {
  /** SOFT, MEDIUM, HARD, INTERMEDIATE, WET, or null when timing has not said. */
  compound: string | null;
  isNew: boolean | null;
  /** Laps on this set, including laps from earlier sessions. */
  ageLaps: number | null;
}

/** Everything the timing tower knows about one car. */
export interface LiveDriver {
  driverNumber: number;
  tla: string | null;
  broadcastName: string | null;
  teamName: string | null;
  /** Six hex digits, no "#". */
  teamColour: string | null;
  position: number | null;
  /** Gap to the leader (races) or to the fastest lap (practice, qualifying), as timing shows it: "+1.234", "1 L". */
  gapToLeader: string | null;
  gapToLeaderS: number | null;
  /** Gap to the car ahead, as timing shows it. */
  interval: string | null;
  intervalS: number | null;
  lapsCompleted: number | null;
  lastLap: LiveLap;
  bestLap: LiveLap & {lap: number | null};
  sectors: LiveSector[];
  tyre: LiveTyre | null;
  /** Stints started so far (1 on the first set). */
  stint: number | null;
  pitStops: number | null;
  inPit: boolean;
  pitOut: boolean;
  retired: boolean;
  stopped: boolean;
  knockedOut: boolean;
}

export interface LiveRaceControlMessage {
  /** UTC epoch ms (race control gives whole seconds). */
  date: number | null;
  lap: number | null;
  category: string | null;
  flag: string | null;
  scope: string | null;
  sector: number | null;
  driverNumber: number | null;
  message: string;
}

export interface LiveCarPosition {
  x: number;
  y: number;
  z: number;
  status: string | null;
  /** UTC epoch ms of the sample. */
  date: number | null;
}

/** The in-race model's view after the latest completed lap (races only; PitWall's own topic). */
export interface LivePredictions {
  model: "in-race";
  /** Laps the leader has completed when the prediction was made. */
  lap: number;
  totalLaps: number;
  /** Win probability by car number as text; sums to 1 over the running cars. */
  win: Record<string, number>;
  /** Where each running car would rejoin if it pitted now, by car number (needs gaps to the leader). */
  rejoinPosition: Record<string, number>;
  /** Pit-lane time loss used for rejoin positions, seconds. */
  pitLossS: number;
  /** One-stop pit window by car number, from the lap-time model (cars with known tyres and clean laps). */
  pitWindow: Record<string, {from: number; to: number; best: number; nextCompound: string}>;
}

/** The whole live state of a session: what a snapshot carries and deltas patch. */
export interface LiveState {
  session: {
    sessionId: string;
    name: string | null;
    type: string | null;
    meetingName: string | null;
    /** Inactive, Started, Aborted, Finished, Finalised, Ends. */
    status: string | null;
    /** Qualifying part (1-3), 0 outside qualifying. */
    part: number | null;
  };
  clock: {
    /** Time remaining as timing sent it, "00:17:59". */
    remaining: string | null;
    remainingMs: number | null;
    /** True while the clock runs: remainingMs applies at `utc` and counts down from there. */
    extrapolating: boolean;
    /** UTC epoch ms at which `remaining` was true. */
    utc: number | null;
  };
  lapCount: {current: number | null; total: number | null};
  trackStatus: {status: string | null; message: string | null};
  weather: {
    airTemperature: number | null;
    trackTemperature: number | null;
    humidity: number | null;
    pressure: number | null;
    rainfall: boolean | null;
    windDirection: number | null;
    windSpeed: number | null;
  } | null;
  /** Keyed by car number as text. */
  drivers: Record<string, LiveDriver>;
  /** Oldest first; entries only ever get added. */
  raceControl: LiveRaceControlMessage[];
  /** Latest x/y/z per car (sessions with Position.z only), keyed by car number as text. */
  positions: Record<string, LiveCarPosition>;
  /** In-race win probabilities, replaced after every lap when the kernel runs its predictor; null otherwise. */
  predictions: LivePredictions | null;
  /** Commentary lines streamed token by token when the kernel runs its commentator; null otherwise. */
  commentary: LiveCommentary | null;
}

/** The parts of the state a client can subscribe to. */
export type LiveTopic = keyof LiveState;

export const LIVE_TOPICS: readonly LiveTopic[] = [
  "session",
  "clock",
  "lapCount",
  "trackStatus",
  "weather",
  "drivers",
  "raceControl",
  "positions",
  "predictions",
  "commentary",
];

/** Version of the wire protocol below; a client sends it in `subscribe`. */
export const KERNEL_PROTOCOL = 1;

/**
 * A change to the state: objects merge key by key, other values replace, and an object keyed "0", "1", ...
 * applied to an array updates (or appends) those elements. See src/sport/live-patch.ts.
 */
export type LivePatch = {[key: string]: unknown};

/** One sequenced change: the patch that the log's event number `seq` made to the state. */
export type LiveDelta = [seq: number, patch: LivePatch];

// Client → kernel.
export type ClientMessage =
  | {
      op: "subscribe";
      session: string;
      /** Defaults to every topic. */
      topics?: LiveTopic[];
      /** Resume: the last seq this client applied; the kernel sends every later delta once, or a snapshot. */
      lastSeq?: number;
      /** Broadcast delay, ms (to match the TV picture); applied to every topic alike. */
      delayMs?: number;
    }
  | {op: "delay"; delayMs: number}
  | {op: "unsubscribe"}
  | {op: "ping"; id?: string}
  /** The commentary this client reads: the kernel writes lines in each style and length its clients ask for. */
  | {op: "commentary"; style: CommentaryStyle; length: CommentaryLength};

/**
 * What a session's source (replay, SignalR, OpenF1) is doing, as the kernel tells its clients: "delayed" when
 * the source has failed, is reconnecting or has gone quiet (the state is kept; it catches up when the source
 * returns), "paused" for a paused replay, "ended" when no feed runs.
 */
export interface SourceStatus {
  state: "live" | "delayed" | "paused" | "ended";
  /** Why, in words (the feed's last error, "no events for 12 s", ...). */
  detail: string;
  /** Time since the last event arrived, ms. */
  silentMs: number;
}

// Kernel → client.
export type ServerMessage =
  | {t: "hello"; protocol: number; heartbeatMs: number; maxMessageBytes: number}
  | {
      t: "subscribed";
      session: string;
      topics: LiveTopic[];
      delayMs: number;
      /** True when the kernel resumes after the client's lastSeq (deltas follow); false when a snapshot follows. */
      resumed: boolean;
    }
  | {
      t: "snapshot";
      session: string;
      /** The log position the state reflects: deltas follow from seq + 1. */
      seq: number;
      /** Kernel time the state was current, epoch ms. */
      at: number;
      /** Session UTC of the last event, epoch ms. */
      ts: number | null;
      topics: LiveTopic[];
      state: Partial<LiveState>;
    }
  | {
      t: "delta";
      session: string;
      /** This message covers log positions from..to; deltas that changed none of the client's topics are left out. */
      from: number;
      to: number;
      /** Kernel time the newest event arrived, epoch ms. */
      at: number;
      /** Kernel time the message was sent, epoch ms. */
      sent: number;
      ts: number | null;
      d: LiveDelta[];
      /** Set when the kernel merged several deltas because the client could not keep up. */
      coalesced?: true;
    }
  | ({t: "source"; session: string} & SourceStatus)
  | {t: "hb"; seq: number; at: number}
  | {t: "pong"; id?: string; at: number}
  | {t: "delay"; delayMs: number}
  | {t: "commentary"; style: CommentaryStyle; length: CommentaryLength}
  | {t: "error"; code: string; message: string};

/** Close codes the kernel uses (4000-4999 are the application's). */
export const CLOSE_CODES = {
  /** The Origin header is not on the allow-list. */
  originRefused: 1008,
  /** A message over the size limit. */
  tooBig: 1009,
  /** A binary frame; the protocol is JSON text. */
  unsupportedData: 1003,
  /** The kernel is shutting down. */
  goingAway: 1001,
  /** Not JSON. */
  malformed: 4400,
  /** No such session. */
  unknownSession: 4404,
  /** Unknown op or invalid fields. */
  invalidMessage: 4422,
  /** Too many messages. */
  flood: 4429,
} as const;
