import {Buffer} from "node:buffer";
import {deflateRawSync} from "node:zlib";
import {
  formatOffset,
  readSessionTables,
  type ArchiveReader,
  type SessionRead,
} from "../../sources/livetiming/index.js";
import {RESET_TOPIC, type LoggedEvent} from "../timing/feed-event.js";

/**
 * A capture seen as a live-timing archive holding one session, so the archive's own reader turns it into
 * canonical tables (laps so far during the session, the post-race report after it). Only events after the
 * last reset count: a replay that seeks back starts the session over. `.z` topics are deflated again, as the
 * archive stores them.
 */
export function createCaptureReader(
  sessionId: string,
  events: readonly LoggedEvent[],
): {reader: ArchiveReader; path: string} {
  const lastReset = events.findLastIndex((event) => event.topic === RESET_TOPIC);
  const kept = events.slice(lastReset + 1);
  const year = new Date(kept.find((event) => event.utc != null)?.utc ?? Date.now()).getUTCFullYear();
  const path = `${year}/capture/${sessionId}/`;
  const byTopic = new Map<string, string[]>();
  for (const event of kept) {
    const lines = byTopic.get(event.topic) ?? [];
    const payload = event.topic.endsWith(".z")
      ? JSON.stringify(deflateRawSync(Buffer.from(JSON.stringify(event.change))).toString("base64"))
      : JSON.stringify(event.change);
    lines.push(`${formatOffset(Math.max(0, Math.round(event.offsetMs)))}${payload}`);
    byTopic.set(event.topic, lines);
  }
  const files = [...byTopic.keys()].map((topic) => `${topic}.jsonStream`).sort();
  const reader: ArchiveReader = {
    description: `capture of ${sessionId}`,
    listYears: async () => [year],
    readYearIndex: async () => null,
    listSessionPaths: async (wanted) => (wanted === year ? [path] : []),
    listTopicFiles: async (sessionPath) => (sessionPath === path ? files : []),
    readTopicFile: async (sessionPath, fileName) => {
      if (sessionPath !== path) return null;
      const lines = byTopic.get(fileName.replace(/\.jsonStream$/, ""));
      return lines ? lines.join("\r\n") : null;
    },
    locate: (_sessionPath, fileName) => `capture ${sessionId}/${fileName}`,
  };
  return {reader, path};
}

/** Canonical tables of what a session's capture holds so far: the post-race report's input. */
export function readCaptureTables(
  sessionId: string,
  events: readonly LoggedEvent[],
  telemetry: "rows" | "columns" | "skip" = "skip",
): Promise<SessionRead> {
  const {reader, path} = createCaptureReader(sessionId, events);
  return readSessionTables(reader, path, {telemetry});
}
