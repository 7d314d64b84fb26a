import type {Redis} from "ioredis";
import {decodeEntry, readStream, type StreamEntry} from "./redis-log.js";
import {sessionKeys} from "./redis-keys.js";

/**
 * Entries applied between two turns of the event loop: a node catching up on thousands of events must still
 * renew its leases and answer its clients in between.
 */
const CHUNK = 200;

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What a follower reports: each entry in order (decoded), and entries it could not read. */
export interface FollowerHandlers {
  /** Seq of the newest entry already applied. */
  lastSeq(): number;
  apply(entry: ReturnType<typeof decodeEntry>["event"]): void;
  corrupt(detail: string): void;
  problem(detail: string): void;
}

/**
 * Follows one session's stream: a blocking read (XREAD BLOCK) on its own connection, waking for each new
 * batch of entries, applying them in order. `catchUp` reads what is there now, at once (a node taking the
 * lease must hold the whole log before it appends). Entries at or below the applied seq are skipped, so a
 * catch-up and the blocking read may overlap.
 */
export class StreamFollower {
  private stopped = false;
  private readonly key: string;
  /** Entries applied, and entries that could not be read (kept as empty events). */
  readonly counts = {applied: 0, corrupt: 0};

  constructor(
    private readonly blocking: Redis,
    private readonly command: Redis,
    readonly sessionId: string,
    private readonly handlers: FollowerHandlers,
    private readonly blockMs = 2_000,
  ) {
    this.key = sessionKeys(sessionId).log;
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.blocking.disconnect();
  }

  /** Applies every entry the stream holds now. */
  async catchUp(): Promise<void> {
    for await (const page of readStream(this.command, this.sessionId, this.handlers.lastSeq())) {
      for (let start = 0; start < page.length; start += CHUNK) {
        this.applyAll(page.slice(start, start + CHUNK));
        await yieldToEvents();
      }
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const reply = (await this.blocking.xread(
          "COUNT",
          CHUNK,
          "BLOCK",
          this.blockMs,
          "STREAMS",
          this.key,
          `${this.handlers.lastSeq()}-0`,
        )) as [string, StreamEntry[]][] | null;
        if (reply) for (const [, entries] of reply) this.applyAll(entries);
        await yieldToEvents();
      } catch (error) {
        if (this.stopped) return;
        this.handlers.problem(`following ${this.sessionId}: ${(error as Error).message}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  private applyAll(entries: StreamEntry[]): void {
    for (const entry of entries) {
      const {event, corrupt} = decodeEntry(entry);
      const last = this.handlers.lastSeq();
      if (event.seq <= last) continue;
      if (event.seq !== last + 1) {
        // Only a trimmed or rewritten stream can skip seqs; stop rather than serve a state with a hole in it.
        throw new Error(`the log jumps from seq ${last} to ${event.seq}; nothing after ${last} is applied`);
      }
      if (corrupt) {
        this.counts.corrupt++;
        this.handlers.corrupt(`${this.sessionId}: ${corrupt}`);
      }
      this.counts.applied++;
      this.handlers.apply(event);
    }
  }
}
