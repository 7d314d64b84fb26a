import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {readSessionTables} from "../../sources/livetiming/index.js";
import {loadReplaySource} from "../feeds/replay-feed.js";
import {SessionChannel} from "../live/session-channel.js";
import {archive, MIAMI_SPRINT} from "../testing/protocol-suite.js";
import {FileSessionLog} from "./capture-log.js";
import {readCaptureTables} from "./capture-reader.js";

describe("a capture feeds the post-race report", () => {
  it("the tables read from a session's capture equal those read from its archive", async () => {
    const folder = await mkdtemp(join(tmpdir(), "pitwall-capture-tables-"));
    try {
      const source = await loadReplaySource(archive, MIAMI_SPRINT);
      const channel = new SessionChannel(new FileSessionLog(folder, source.sessionId));
      // A false start: a reset (as a replay seeking back logs) must drop what came before it.
      for (const message of source.messages.slice(0, 500))
        channel.ingest({...message, utc: null, change: structuredClone(message.change)});
      channel.ingest({topic: "_reset", offsetMs: 0, utc: null, change: {}});
      for (const message of source.messages) {
        const utc = source.streamStartMs == null ? null : source.streamStartMs + message.offsetMs;
        channel.ingest({
          topic: message.topic,
          offsetMs: message.offsetMs,
          utc,
          change: structuredClone(message.change),
        });
      }
      channel.stop();
      const fromCapture = await readCaptureTables(source.sessionId, channel.log.readAll());
      const fromArchive = await readSessionTables(archive, MIAMI_SPRINT, {telemetry: "skip"});
      channel.log.close();
      for (const table of [
        "laps",
        "stints",
        "pit_stops",
        "race_control",
        "track_status",
        "classification",
        "positions",
      ] as const) {
        const strip = (rows: readonly object[]) => rows.map((row) => ({...row, session_key: 0}));
        expect(strip(fromCapture.tables[table]), table).toEqual(strip(fromArchive.tables[table]));
      }
      expect(fromCapture.tables.laps.length).toBeGreaterThan(300);
    } finally {
      await rm(folder, {recursive: true, force: true});
    }
  });
});
