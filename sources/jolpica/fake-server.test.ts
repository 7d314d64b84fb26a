import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {startFakeJolpica, type FakeJolpica} from "../../test/fakes/jolpica-server.js";
import {readSettings} from "../settings.js";

// The fake Jolpica the client tests run against: its protocol is checked here, over real HTTP.

const dataDir = readSettings().mirror ?? "../shared/data";
let fake: FakeJolpica;
let now: number;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function get(path: string): Promise<{status: number; headers: Headers; body: any}> {
  const response = await fetch(`${fake.url}${path}`);
  return {status: response.status, headers: response.headers, body: await response.json()};
}

describe.runIf(existsSync(join(dataDir, "jolpica")))("the fake Jolpica", () => {
  beforeEach(async () => {
    now = 0;
    fake = await startFakeJolpica({dataDir, now: () => now});
  });
  afterEach(() => fake.close());

  it("serves every recording listed in urls.tsv", () => {
    const listed = readFileSync(join(dataDir, "urls.tsv"), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("https://api.jolpi.ca/"));
    expect(fake.recordings.size).toBe(listed.length);
    expect(fake.recordings.get("/ergast/f1/2023/1/laps.json")).toMatchObject({
      items: 100,
      recordedTotal: 1055,
    });
  });

  it("answers a recorded path in the MRData envelope with the default limit of 30", async () => {
    const {status, body} = await get("/ergast/f1/2023/1/results.json");
    expect(status).toBe(200);
    expect(body.MRData).toMatchObject({
      url: `${fake.url}/ergast/f1/2023/1/results.json`,
      limit: "30",
      offset: "0",
      total: "20",
    });
    const recorded = JSON.parse(readFileSync(join(dataDir, "jolpica/f1/2023/1/results.json"), "utf8"));
    expect(body.MRData.RaceTable).toEqual(recorded.MRData.RaceTable);
  });

  it("caps limit at 100, as Jolpica does, and counts laps in timings", async () => {
    const {body} = await get("/ergast/f1/2023/1/laps.json?limit=1200");
    expect(body.MRData.limit).toBe("100");
    const laps = body.MRData.RaceTable.Races[0].Laps;
    expect(laps.reduce((sum: number, lap: {Timings: unknown[]}) => sum + lap.Timings.length, 0)).toBe(100);
  });

  it("splits a lap across pages, repeating its race and lap around the part it holds", async () => {
    const {body} = await get("/ergast/f1/2023/1/laps?limit=15&offset=10");
    expect(body.MRData).toMatchObject({limit: "15", offset: "10", total: "100"});
    const [race] = body.MRData.RaceTable.Races;
    expect(race).toMatchObject({season: "2023", round: "1", raceName: "Bahrain Grand Prix"});
    expect(
      race.Laps.map((lap: {number: string; Timings: unknown[]}) => [lap.number, lap.Timings.length]),
    ).toEqual([
      ["1", 10],
      ["2", 5],
    ]);
    expect(race.Laps[1].Timings[0]).toMatchObject({driverId: "max_verstappen", position: "1"});
  });

  it("splits a season's results between races", async () => {
    const {body} = await get("/ergast/f1/2022/results.json/?limit=4&offset=18");
    const races = body.MRData.RaceTable.Races;
    expect(
      races.map((race: {round: string; Results: unknown[]}) => [race.round, race.Results.length]),
    ).toEqual([
      ["1", 2],
      ["2", 2],
    ]);
  });

  it("answers 404 for what it does not hold and 400 for a bad limit", async () => {
    expect((await get("/ergast/f1/1999/1/results.json")).status).toBe(404);
    expect((await get("/ergast/f1/1999/1/results.json")).body.detail).toMatch(/not recorded/);
    expect((await get("/ergast/f1/2023/1/results.json?limit=many")).status).toBe(400);
  });

  it("throttles past 4 requests a second with 429 and Retry-After, and recovers", async () => {
    for (let i = 0; i < 4; i++) expect((await get("/ergast/f1/2023.json")).status).toBe(200);
    const throttled = await get("/ergast/f1/2023.json");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("1");
    expect(throttled.body.detail).toMatch(/^Request was throttled\. Expected available in 1 seconds?\.$/);
    expect(fake.throttled).toBe(1);
    now += 1_000;
    expect((await get("/ergast/f1/2023.json")).status).toBe(200);
  });

  it("throttles past 500 requests an hour", async () => {
    await fake.close();
    fake = await startFakeJolpica({dataDir, now: () => now});
    for (let i = 0; i < 500; i++) {
      now += 300;
      expect((await get("/ergast/f1/seasons.json")).status).toBe(200);
    }
    now += 300;
    const throttled = await get("/ergast/f1/seasons.json");
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(3_000);
  });
});
