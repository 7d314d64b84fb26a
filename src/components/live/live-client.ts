// The notebook side of the kernel's live protocol: one WebSocket per session, state kept up to date from a
// snapshot and sequenced deltas, exposed as async generators so a Framework cell re-runs on every update.
import type {CommentaryLength, CommentaryStyle} from "../../sport/commentary.js";
import type {ClientMessage, LiveState, LiveTopic, ServerMessage} from "../../sport/kernel-messages.js";
import {applyPatch} from "../../sport/live-patch.js";

export interface LiveSessionOptions {
  /** Kernel base URL, e.g. http://127.0.0.1:3000; defaults to the page's own origin. */
  kernel?: string;
  session: string;
  /** Defaults to every topic. */
  topics?: LiveTopic[];
  /** Broadcast delay, ms (to match the TV picture). */
  delayMs?: number;
  /** WebSocket constructor; defaults to the browser's. */
  WebSocket?: typeof WebSocket;
  /** The commentary to ask the kernel for (see setCommentary). */
  commentary?: CommentaryChoice;
}

/** A style and length of commentary. */
export interface CommentaryChoice {
  style: CommentaryStyle;
  length: CommentaryLength;
}

/** Where the connection stands, for a status line. */
export interface LiveStatus {
  connected: boolean;
  /** Newest log position applied. */
  seq: number;
  delayMs: number;
  reconnects: number;
  /** Session UTC of the newest event, epoch ms. */
  ts: number | null;
  error: string | null;
  /** The commentary the kernel confirmed it writes for this client; null before it does. */
  commentary: CommentaryChoice | null;
}

export interface LiveSession {
  /** Yields the whole state now and after every update (latest only: a slow cell skips stale states). */
  states(): AsyncGenerator<Partial<LiveState>>;
  /** Yields `pick(state)` whenever it changes (compared as JSON). */
  select<T>(pick: (state: Partial<LiveState>) => T): AsyncGenerator<T>;
  /** Yields the connection status whenever it changes. */
  statuses(): AsyncGenerator<LiveStatus>;
  /** The latest state (null before the first snapshot). */
  current(): Partial<LiveState> | null;
  status(): LiveStatus;
  setDelay(delayMs: number): void;
  /** Asks the kernel to write the session's commentary in this style and length too (kept across reconnects). */
  setCommentary(choice: CommentaryChoice): void;
  close(): void;
}

/**
 * Opens a live session on the kernel. Reconnects on its own (backoff up to 10 s) and resumes from the last
 * seq it applied, so no delta is lost or applied twice; a heartbeat that does not come counts as a drop.
 */
export function openLiveSession(options: LiveSessionOptions): LiveSession {
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const base = (options.kernel ?? globalThis.location?.origin ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
  const url = `${base.replace(/^http/, "ws")}/v1/live`;
  let state: Partial<LiveState> | null = null;
  let status: LiveStatus = {
    connected: false,
    seq: -1,
    delayMs: options.delayMs ?? 0,
    reconnects: 0,
    ts: null,
    error: null,
    commentary: null,
  };
  let commentary: CommentaryChoice | null = options.commentary ?? null;
  let socket: WebSocket | null = null;
  let closed = false;
  let heartbeatMs = 5_000;
  let lastMessageAt = Date.now();
  let attempt = 0;
  let watchdog: ReturnType<typeof setInterval> | null = null;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };

  // Before the socket opens there is nothing to send: the subscribe on open carries the delay.
  const send = (message: ClientMessage) => {
    if (socket?.readyState === 1) socket.send(JSON.stringify(message));
  };

  function connect(): void {
    if (closed) return;
    const current = new Socket(url);
    socket = current;
    current.onopen = () => {
      attempt = 0;
      send({
        op: "subscribe",
        session: options.session,
        ...(options.topics ? {topics: options.topics} : {}),
        ...(state != null && status.seq >= 0 ? {lastSeq: status.seq} : {}),
        delayMs: status.delayMs,
      });
    };
    current.onmessage = (event) => {
      lastMessageAt = Date.now();
      receive(JSON.parse(String(event.data)) as ServerMessage);
    };
    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      status = {...status, connected: false, error: event.reason || `closed (${event.code})`};
      notify();
      // Codes 44xx mean the request was wrong: retrying the same one would fail the same way.
      if (closed || (event.code >= 4400 && event.code < 4500 && event.code !== 4429)) return;
      const delay = Math.min(10_000, 250 * 2 ** attempt++);
      status = {...status, reconnects: status.reconnects + 1};
      setTimeout(connect, delay);
    };
  }

  function receive(message: ServerMessage): void {
    switch (message.t) {
      case "hello":
        heartbeatMs = message.heartbeatMs;
        return;
      case "subscribed":
        status = {...status, connected: true, error: null, delayMs: message.delayMs};
        if (commentary) send({op: "commentary", ...commentary});
        notify();
        return;
      case "commentary":
        status = {...status, commentary: {style: message.style, length: message.length}};
        notify();
        return;
      case "snapshot":
        state = message.state;
        status = {...status, seq: message.seq, ts: message.ts};
        notify();
        return;
      case "delta":
        if (message.from !== status.seq + 1) {
          // A gap (should not happen): start over from a snapshot rather than show a wrong state.
          state = null;
          status = {...status, seq: -1};
          socket?.close();
          return;
        }
        for (const [, patch] of message.d) state = applyPatch(state ?? {}, patch);
        status = {...status, seq: message.to, ts: message.ts ?? status.ts};
        notify();
        return;
      case "delay":
        status = {...status, delayMs: message.delayMs};
        notify();
        return;
      case "error":
        status = {...status, error: message.message};
        notify();
        return;
      default:
        return;
    }
  }

  watchdog = setInterval(() => {
    if (socket && status.connected && Date.now() - lastMessageAt > heartbeatMs * 3) socket.close();
  }, 1_000);
  connect();

  /** An async generator of `value()` that yields now and then on every change (latest value only). */
  async function* watch<T>(value: () => T | undefined, same: (a: T, b: T) => boolean): AsyncGenerator<T> {
    let wake: (() => void) | null = null;
    let dirty = true;
    const listener = () => {
      dirty = true;
      wake?.();
    };
    listeners.add(listener);
    let previous: T | undefined;
    try {
      for (;;) {
        if (!dirty) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        dirty = false;
        const next = value();
        if (next === undefined || (previous !== undefined && same(previous, next))) continue;
        previous = next;
        yield next;
      }
    } finally {
      listeners.delete(listener);
    }
  }

  return {
    states: () =>
      watch(
        () => state ?? undefined,
        () => false,
      ),
    select: <T>(pick: (state: Partial<LiveState>) => T) =>
      watch(
        () => (state ? pick(state) : undefined),
        (a: T, b: T) => JSON.stringify(a) === JSON.stringify(b),
      ),
    statuses: () =>
      watch(
        () => status,
        () => false,
      ),
    current: () => state,
    status: () => status,
    setDelay(delayMs) {
      status = {...status, delayMs};
      send({op: "delay", delayMs});
      notify();
    },
    setCommentary(choice) {
      commentary = choice;
      if (status.connected) send({op: "commentary", ...choice});
    },
    close() {
      closed = true;
      if (watchdog) clearInterval(watchdog);
      socket?.close();
      listeners.clear();
    },
  };
}

/** Session time remaining at `ts` (session UTC), from the clock state; null when unknown. */
export function remainingMs(clock: LiveState["clock"] | undefined, ts: number | null): number | null {
  if (!clock || clock.remainingMs == null) return null;
  if (!clock.extrapolating || clock.utc == null || ts == null) return clock.remainingMs;
  return Math.max(0, clock.remainingMs - Math.max(0, ts - clock.utc));
}

/** Formats milliseconds as H:MM:SS. */
export function formatClock(ms: number | null): string {
  if (ms == null) return "–";
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = total % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}
