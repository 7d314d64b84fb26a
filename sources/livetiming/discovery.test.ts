import {readdirSync, statSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {sessionIdFromPath} from "../../src/sport/session-id.js";
import {startLiveTimingServer} from "../../test/fakes/livetiming-static-server.js";
import {createHttp} from "../http/client.js";
import {createFolderReader, createHttpReader} from "./archive-reader.js";
import {listSessions, type ArchivedSession} from "./discovery.js";
import {ARCHIVE, MEXICO_QUALIFYING, MIRROR} from "./test-data.js";

/** Session folders of the archive, found with plain fs calls (the reference for the readers). */
function sessionFolders(): Map<string, string[]> {
  const sessions = new Map<string, string[]>();
  for (const year of readdirSync(ARCHIVE).filter((name) => /^\d{4}$/.test(name))) {
    for (const meeting of readdirSync(join(ARCHIVE, year))) {
      if (!statSync(join(ARCHIVE, year, meeting)).isDirectory()) continue;
      for (const session of readdirSync(join(ARCHIVE, year, meeting))) {
        const files = readdirSync(join(ARCHIVE, year, meeting, session)).filter((file) =>
          file.endsWith(".jsonStream"),
        );
        if (files.length > 0) sessions.set(`${year}/${meeting}/${session}/`, files.sort());
      }
    }
  }
  return sessions;
}

function expectSameAsFolders(sessions: ArchivedSession[]): void {
  const folders = sessionFolders();
  expect(sessions.map((session) => session.path).sort()).toEqual([...folders.keys()].sort());
  for (const session of sessions) {
    expect(session.topics).toEqual(folders.get(session.path));
    expect(session.session_id).toBe(sessionIdFromPath(session.path));
  }
}

describe("listSessions from a folder", () => {
  it("lists every session folder that holds a topic, with its topics", async () => {
    const sessions = await listSessions(createFolderReader(ARCHIVE));
    expect(sessions).toHaveLength(40);
    expectSameAsFolders(sessions);
  });

  it("takes metadata from Index.json, else SessionInfo, else the folder names", async () => {
    const sessions = await listSessions(createFolderReader(ARCHIVE));
    const byPath = new Map(sessions.map((session) => [session.path, session]));
    // 2022 Barcelona qualifying has no SessionInfo topic, but 2022/Index.json lists it.
    expect(byPath.get("2022/2022-05-22_Spanish_Grand_Prix/2022-05-21_Qualifying/")).toMatchObject({
      metadata_source: "Index.json",
      session_key: 7043,
      session_type: "Qualifying",
      meeting_name: "Spanish Grand Prix",
    });
    expect(byPath.get(MEXICO_QUALIFYING)).toMatchObject({
      metadata_source: "SessionInfo",
      session_key: 9873,
      session_id: "2025-mexico-city-grand-prix-qualifying",
      start_date: "2025-10-25T15:00:00",
      gmt_offset: "-06:00:00",
    });
    // 2020 has no Index.json and this session has no SessionInfo.
    expect(byPath.get("2020/2020-08-09_70th_Anniversary_Grand_Prix/2020-08-07_Practice_2/")).toMatchObject({
      metadata_source: "path",
      session_key: null,
      session_name: "Practice 2",
      session_type: "Practice",
      meeting_name: "70th Anniversary Grand Prix",
    });
  });

  it("lists only the years asked for", async () => {
    const sessions = await listSessions(createFolderReader(ARCHIVE), [2018]);
    expect(sessions.map((session) => session.session_id)).toEqual(["2018-azerbaijan-grand-prix-race"]);
  });
});

describe("listSessions over HTTP", () => {
  it("in mirror mode lists exactly what the mirror holds (from urls.tsv)", async () => {
    const reader = createHttpReader(await createHttp({mirror: MIRROR}));
    const sessions = await listSessions(reader);
    expectSameAsFolders(sessions);
    expect(await reader.readTopicFile(MEXICO_QUALIFYING, "TopThree.jsonStream")).toMatch(/^00:00:25\.579/);
    expect(await reader.readTopicFile(MEXICO_QUALIFYING, "Nothing.jsonStream")).toBeNull();
  });

  describe("online, against a local server speaking the static archive's protocol", () => {
    let server: Awaited<ReturnType<typeof startLiveTimingServer>>;
    beforeAll(async () => {
      server = await startLiveTimingServer(ARCHIVE);
    });
    afterAll(() => server.close());

    it("finds sessions through <year>/Index.json and each session's Index.json", async () => {
      const reader = createHttpReader(await createHttp({mirror: null}), {
        baseUrl: server.baseUrl,
        years: [2019, 2021, 2022, 2023],
      });
      const sessions = await listSessions(reader);
      const expected = [...sessionFolders().keys()].filter((path) => /^(2019|2021|2022|2023)\//.test(path));
      expect(sessions.map((session) => session.path).sort()).toEqual(expected.sort());
      expect(sessions.every((session) => session.metadata_source === "Index.json")).toBe(true);
      // Every session of the four seasons was asked for (most are not held: 403), plus four year indexes.
      expect(server.requests.filter((url) => url.endsWith("/Index.json")).length).toBeGreaterThan(80);
    });

    it("lists nothing for a year without Index.json online (the server cannot be listed)", async () => {
      const reader = createHttpReader(await createHttp({mirror: null}), {
        baseUrl: server.baseUrl,
        years: [2025],
      });
      expect(await listSessions(reader)).toEqual([]);
    });
  });
});
