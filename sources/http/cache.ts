import {createHash, randomUUID} from "node:crypto";
import {mkdir, readFile, rename, unlink, writeFile} from "node:fs/promises";
import {dirname, join} from "node:path";
import {canonicalUrl} from "./mirror.js";

// Bump when the entry layout changes, so old entries are refetched instead of misread.
const CACHE_FORMAT = 1;

interface EntryHeader {
  format: number;
  url: string;
  /** HTTP status of the kept answer: 200, or 404 for a kept "not found". */
  status: number;
  savedAt: string;
  bytes: number;
}

/** A cached answer. */
export interface CacheEntry {
  body: string;
  status: number;
  /** When it was saved, epoch ms. */
  savedAtMs: number;
}

/**
 * Responses kept on disk, keyed by canonical URL. Each entry is one file: a JSON header line, then the body.
 * Entries are written to a temporary file and renamed into place, so a crash never leaves a partial entry.
 */
export class ResponseCache {
  constructor(readonly dir: string) {}

  /** File holding the entry for `url`: <dir>/http/<host>/<sha256 of the canonical URL>.txt. */
  pathFor(url: string): string {
    const canonical = canonicalUrl(url);
    let host = "other";
    try {
      host = new URL(canonical).host.replace(/[^a-z0-9.-]/gi, "_") || "other";
    } catch {
      // Not a URL: still cacheable under "other".
    }
    const hash = createHash("sha256").update(canonical).digest("hex").slice(0, 40);
    return join(this.dir, "http", host, `${hash}.txt`);
  }

  /** The cached answer for `url`, or null when there is none (or the entry is unreadable, which is logged). */
  async read(url: string, warn: (line: string) => void = () => {}): Promise<CacheEntry | null> {
    const path = this.pathFor(url);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch {
      return null;
    }
    const newline = text.indexOf("\n");
    try {
      const header = JSON.parse(text.slice(0, newline)) as EntryHeader;
      const body = text.slice(newline + 1);
      if (header.format !== CACHE_FORMAT || header.url !== canonicalUrl(url)) return null;
      if (Buffer.byteLength(body) !== header.bytes) throw new Error("length does not match its header");
      return {body, status: header.status ?? 200, savedAtMs: Date.parse(header.savedAt)};
    } catch (error) {
      warn(`cache: ignoring damaged entry ${path} (${(error as Error).message}); it will be refetched.`);
      return null;
    }
  }

  /** Stores an answer for `url` atomically (temp file + rename); defaults to status 200, saved now. */
  async write(url: string, body: string, status = 200, savedAtMs = Date.now()): Promise<void> {
    const path = this.pathFor(url);
    const header: EntryHeader = {
      format: CACHE_FORMAT,
      url: canonicalUrl(url),
      status,
      savedAt: new Date(savedAtMs).toISOString(),
      bytes: Buffer.byteLength(body),
    };
    await mkdir(dirname(path), {recursive: true});
    const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(header)}\n${body}`, "utf8");
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => {});
      throw error;
    }
  }
}
