import {spawnSync} from "node:child_process";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {projectRoot, readSettings} from "../sources/settings.js";
import {findCatalogSession, listCatalog} from "./session-catalog.js";

describe("session catalog over ../shared/data", () => {
  it("lists every archived session plus the OpenF1 recording, each id once, oldest first", async () => {
    const sessions = await listCatalog(readSettings());
    const archived = sessions.filter((session) => session.source === "livetiming");
    expect(archived).toHaveLength(40);
    expect(
      sessions.filter((session) => session.source === "openf1").map((session) => session.session_id),
    ).toEqual(["2024-singapore-grand-prix-race"]);
    expect(new Set(sessions.map((session) => session.session_id)).size).toBe(sessions.length);
    const starts = sessions.map((session) => session.start_date ?? "");
    expect(starts).toEqual([...starts].sort());
  });

  it("finds a session by id, and names the way out for an unknown one", async () => {
    const session = await findCatalogSession(readSettings(), "2025-mexico-city-grand-prix-qualifying");
    expect(session).toMatchObject({
      source: "livetiming",
      path: "2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/",
    });
    await expect(findCatalogSession(readSettings(), "1999-nowhere-race")).rejects.toThrow(
      /unknown session "1999-nowhere-race".*prepare-data\.ts --list/,
    );
  });
});

describe("prepare-data with no mirror and no internet", () => {
  it("stops and says which setting to give", () => {
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", join(projectRoot, "scripts/prepare-data.ts")],
      {
        cwd: projectRoot,
        env: {...process.env, PITWALL_MIRROR: "none", PITWALL_INTERNET_PROBE: "http://127.0.0.1:9/"},
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "No data source: no mirror folder is set and the internet cannot be reached.",
    );
    expect(result.stderr).toContain("PITWALL_MIRROR=/path/to/data npm start");
  });
});
