import {FileSessionLog, listCaptures, type SessionLog} from "../capture/capture-log.js";
import type {LoggedEvent} from "../timing/feed-event.js";
import {SessionChannel, type ChannelOptions} from "./session-channel.js";

/** Where session logs live: files under a capture folder (a Redis-backed log can stand in later). */
export interface LogStore {
  open(sessionId: string): SessionLog;
  /** Sessions that already have a log (to restore after a restart). */
  list(): string[];
}

/** Logs as files under `root` (see FileSessionLog). */
export function createFileLogStore(root: string, problems: string[] = []): LogStore {
  return {
    open: (sessionId) => new FileSessionLog(root, sessionId, problems),
    list: () => listCaptures(root),
  };
}

/** Every session the kernel serves, by id. */
export class LiveHub {
  private channels = new Map<string, SessionChannel>();
  /** Called after every event any session applies, with the state already updated (the commentator listens). */
  readonly eventListeners = new Set<(channel: SessionChannel, event: LoggedEvent) => void>();

  constructor(
    readonly logs: LogStore,
    readonly channelOptions: Partial<ChannelOptions> = {},
  ) {}

  /** Reopens every captured session (after a restart), rebuilding its state from its log. */
  restore(): SessionChannel[] {
    return this.logs.list().map((sessionId) => this.open(sessionId));
  }

  /** The channel of a session, opened (from its log, if any) on first use. */
  open(sessionId: string): SessionChannel {
    let channel = this.channels.get(sessionId);
    if (!channel) {
      channel = new SessionChannel(this.logs.open(sessionId), this.channelOptions);
      const opened = channel;
      opened.onEvent = (event) => {
        for (const listener of this.eventListeners) listener(opened, event);
      };
      this.channels.set(sessionId, channel);
    }
    return channel;
  }

  get(sessionId: string): SessionChannel | undefined {
    return this.channels.get(sessionId);
  }

  list(): SessionChannel[] {
    return [...this.channels.values()];
  }

  close(): void {
    for (const channel of this.channels.values()) {
      channel.stop();
      channel.log.close();
    }
    this.channels.clear();
  }
}
