import {Buffer} from "node:buffer";
import {
  closeSync,
  existsSync,
  fdatasync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import {join} from "node:path";
import type {FeedEvent, LoggedEvent} from "../timing/feed-event.js";

/**
 * A session's ordered, sequenced event log: what the kernel received, in order. The sequence number belongs
 * to the log, not to a process, so another implementation (Redis Streams) can continue it.
 */
export interface SessionLog {
  readonly sessionId: string;
  /** Seq of the newest event, 0 when empty. */
  lastSeq(): number;
  /** Appends an event durably (it survives a crash of the kernel once this returns) and returns it numbered. */
  append(event: FeedEvent, receivedAt: number): LoggedEvent;
  /** Every event, oldest first, as new objects. */
  readAll(): LoggedEvent[];
  /** What feeds this session, kept beside the events so a restart can resume it; null when none was saved. */
  readFeedState(): unknown;
  writeFeedState(state: unknown): void;
  close(): void;
}

const EVENTS = "events.jsonl";
const FEED = "feed.json";
/** Events are written at once (a kernel crash loses nothing); the OS is asked to flush them this often. */
const SYNC_EVERY_MS = 200;

/** Problems met while opening a capture (a torn last line from a crash), for the log. */
export type CaptureProblem = string;

/**
 * The capture on disk: `<root>/<sessionId>/events.jsonl`, one event per line, appended as it arrives.
 * A line torn by a crash mid-write is cut off when the capture is reopened, so the log stays whole.
 */
export class FileSessionLog implements SessionLog {
  private fd: number;
  private seq: number;
  /** Each event as written: kept as text, because the timing model takes over (and mutates) the event objects. */
  private lines: string[];
  private syncTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  readonly folder: string;

  constructor(
    root: string,
    readonly sessionId: string,
    readonly problems: CaptureProblem[] = [],
  ) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(sessionId)) throw new Error(`Invalid session id "${sessionId}"`);
    this.folder = join(root, sessionId);
    mkdirSync(this.folder, {recursive: true});
    const path = join(this.folder, EVENTS);
    const {events, wholeBytes} = existsSync(path) ? readEvents(path) : {events: [], wholeBytes: 0};
    this.lines = events.map((event) => JSON.stringify(event));
    this.fd = openSync(path, "a+");
    cutTornTail(this.fd, wholeBytes, path, events.at(-1)?.seq ?? 0, problems);
    this.seq = events.at(-1)?.seq ?? 0;
  }

  lastSeq(): number {
    return this.seq;
  }

  append(event: FeedEvent, receivedAt: number): LoggedEvent {
    if (this.closed)
      throw new Error(`the capture of ${this.sessionId} is closed; nothing more can be appended`);
    const logged: LoggedEvent = {seq: this.seq + 1, receivedAt, ...event};
    const line = `${JSON.stringify(logged)}\n`;
    writeSync(this.fd, line);
    this.seq = logged.seq;
    this.lines.push(line.slice(0, -1));
    this.syncTimer ??= setTimeout(() => {
      this.syncTimer = null;
      fdatasync(this.fd, () => {});
    }, SYNC_EVERY_MS);
    return logged;
  }

  readAll(): LoggedEvent[] {
    return this.lines.map((line) => JSON.parse(line) as LoggedEvent);
  }

  readFeedState(): unknown {
    const path = join(this.folder, FEED);
    if (!existsSync(path)) return null;
    try {
      return JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      this.problems.push(`${path}: ${(error as Error).message}; the feed is not resumed`);
      return null;
    }
  }

  writeFeedState(state: unknown): void {
    const path = join(this.folder, FEED);
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(state, null, 2));
    renameSync(temp, path);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    closeSync(this.fd);
  }
}

function readEvents(path: string): {events: LoggedEvent[]; wholeBytes: number} {
  const events: LoggedEvent[] = [];
  let wholeBytes = 0;
  const lines = readFileSync(path, "utf8").split("\n");
  for (const [index, line] of lines.entries()) {
    // The text after the last newline is a line still being written when the kernel stopped.
    if (index === lines.length - 1) break;
    try {
      const event = JSON.parse(line) as LoggedEvent;
      if (typeof event.seq !== "number" || event.seq !== (events.at(-1)?.seq ?? 0) + 1) {
        throw new Error(`seq ${String(event.seq)} does not follow ${events.at(-1)?.seq ?? 0}`);
      }
      events.push(event);
      wholeBytes += Buffer.byteLength(line) + 1;
    } catch (error) {
      throw new Error(
        `${path} line ${index + 1}: ${(error as Error).message}. The capture is damaged; move it away to start afresh.`,
        {cause: error},
      );
    }
  }
  return {events, wholeBytes};
}

/** Cuts whatever follows the last whole event (a line torn by a crash). */
function cutTornTail(
  fd: number,
  wholeBytes: number,
  path: string,
  lastSeq: number,
  problems: CaptureProblem[],
): void {
  const size = fstatSync(fd).size;
  if (size > wholeBytes) {
    ftruncateSync(fd, wholeBytes);
    problems.push(`${path}: cut ${size - wholeBytes} bytes of a line torn by a crash after seq ${lastSeq}`);
  }
}

/** Session ids that have a capture under `root`. */
export function listCaptures(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, {withFileTypes: true})
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, EVENTS)))
    .map((entry) => entry.name)
    .sort();
}
