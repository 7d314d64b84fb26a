import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import type {Problem} from "../../src/sport/problems.js";
import {startFakeJolpica, type FakeJolpica} from "../../test/fakes/jolpica-server.js";
import {sendText, startScriptedServer, type ScriptedServer} from "../../test/fakes/scripted-server.js";
import {createHttp, createVirtualClock, type HttpOptions, type VirtualClock} from "../http/index.js";
import {readSettings} from "../settings.js";
import {createJolpicaClient, JOLPICA_RATE_LIMIT, type JolpicaOptions} from "./client.js";

const dataDir = readSettings().mirror ?? "../shared/data";
const haveData = existsSync(join(dataDir, "jolpica"));

/** The recorded answer's MRData, read straight from the file: the independent side of each comparison. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function recorded(file: string): any {
  return JSON.parse(readFileSync(join(dataDir, "jolpica", "f1", file), "utf8")).MRData;
}

/** "1:29.438" → 89.438, written apart from the client's parser. */
function toSeconds(lapTime: string): number {
  const [minutes, seconds] = lapTime.split(":");
  return Math.round((Number(minutes) * 60 + Number(seconds)) * 1000) / 1000;
}

let fake: FakeJolpica;
let clock: VirtualClock;
let problems: Problem[];

async function client(options: Partial<JolpicaOptions> = {}, http: Partial<HttpOptions> = {}) {
  return createJolpicaClient({
    http: await createHttp({mirror: null, cacheDir: null, clock, log: () => {}, ...http}),
    baseUrl: fake.baseUrl,
    onProblem: (problem) => problems.push(problem),
    ...options,
  });
}

describe.runIf(haveData)("JolpicaClient against the fake Jolpica", () => {
  beforeEach(async () => {
    clock = createVirtualClock(Date.UTC(2025, 0, 1));
    fake = await startFakeJolpica({dataDir, now: () => clock.now()});
    problems = [];
  });
  afterEach(() => fake.close());

  it("fetches every page of a race's results once, in order", async () => {
    const rows = await (await client({pageSize: 7})).getResults(2023, 1);
    expect(fake.requests).toEqual([
      "/ergast/f1/2023/1/results.json?limit=7&offset=0",
      "/ergast/f1/2023/1/results.json?limit=7&offset=7",
      "/ergast/f1/2023/1/results.json?limit=7&offset=14",
    ]);
    const results = recorded("2023/1/results.json").RaceTable.Races[0].Results;
    expect(rows.map((row) => row.driver_ref)).toEqual(
      results.map((r: {Driver: {driverId: string}}) => r.Driver.driverId),
    );
    expect(rows.map((row) => row.position_order)).toEqual(
      results.map((_: unknown, index: number) => index + 1),
    );
    expect(problems).toEqual([]);
  });

  it("merges laps split across pages and across laps, each timing exactly once", async () => {
    const rows = await (await client({pageSize: 30})).getLapTimes(2023, 1);
    expect(fake.requests).toHaveLength(4);
    const expected = recorded("2023/1/laps__limit-1200.json").RaceTable.Races[0].Laps.flatMap(
      (lap: {number: string; Timings: {driverId: string; position: string; time: string}[]}) =>
        lap.Timings.map((t) => `${lap.number} ${t.driverId} P${t.position} ${t.time}`),
    );
    const got = rows.map((row) => {
      const minutes = Math.floor(row.time_s! / 60);
      const seconds = (row.time_s! - minutes * 60).toFixed(3).padStart(6, "0");
      return `${row.lap} ${row.driver_ref} P${row.position} ${minutes}:${seconds}`;
    });
    expect(got).toEqual(expected);
    expect(new Set(got).size).toBe(100);
    expect(rows.every((row) => row.year === 2023 && row.round === 1)).toBe(true);
  });

  it("asks the bare URL first (the one mirrors and caches know), then pages of 100", async () => {
    const rows = await (await client()).getLapTimes(2023, 1);
    expect(fake.requests).toEqual([
      "/ergast/f1/2023/1/laps.json",
      "/ergast/f1/2023/1/laps.json?limit=100&offset=30",
    ]);
    expect(rows).toHaveLength(100);
  });

  it("restarts position_order at each race when a season's results span races", async () => {
    const rows = await (await client({pageSize: 8})).getResults(2022);
    expect(rows).toHaveLength(30);
    expect(rows.filter((row) => row.round === 1).map((row) => row.position_order)).toEqual(
      Array.from({length: 20}, (_, index) => index + 1),
    );
    expect(rows.filter((row) => row.round === 2).map((row) => row.position_order)).toEqual(
      Array.from({length: 10}, (_, index) => index + 1),
    );
  });

  it("keeps to Jolpica's 4 requests a second, so a paged download is never throttled", async () => {
    const rows = await (await client({pageSize: 10})).getLapTimes(2023, 1);
    expect(rows).toHaveLength(100);
    expect(fake.requests).toHaveLength(10);
    expect(fake.throttled).toBe(0);
    // Ten requests at four a second need at least two full seconds of waiting.
    expect(clock.sleptMs).toBeGreaterThanOrEqual(2_000);
  });

  it("waits out a 429 (Retry-After) and still gets every page", async () => {
    await fake.close();
    fake = await startFakeJolpica({
      dataDir,
      now: () => clock.now(),
      rateLimit: [{requests: 2, perMs: 1_000}],
    });
    const loose = [{requests: 100, perMs: 1_000}];
    const rows = await (
      await client({pageSize: 5, rateLimit: loose}, {retry: {random: () => 0.5}})
    ).getResults(2023, 5);
    expect(fake.throttled).toBeGreaterThan(0);
    expect(rows.map((row) => row.driver_ref)).toEqual(
      recorded("2023/5/results.json").RaceTable.Races[0].Results.map(
        (r: {Driver: {driverId: string}}) => r.Driver.driverId,
      ),
    );
  });

  it("maps results field by field as recorded", async () => {
    const rows = await (await client()).getResults(2024, 12);
    const race = recorded("2024/12/results.json").RaceTable.Races[0];
    const winner = race.Results[0];
    expect(rows[0]).toEqual({
      year: 2024,
      round: 12,
      driver_ref: winner.Driver.driverId,
      constructor_ref: winner.Constructor.constructorId,
      driver_number: Number(winner.number),
      grid: Number(winner.grid),
      position: 1,
      position_text: winner.positionText,
      position_order: 1,
      points: Number(winner.points),
      laps: Number(winner.laps),
      time_text: winner.Time.time,
      duration_ms: Number(winner.Time.millis),
      fastest_lap: Number(winner.FastestLap.lap),
      fastest_lap_rank: Number(winner.FastestLap.rank),
      fastest_lap_time_s: toSeconds(winner.FastestLap.Time.time),
      status: winner.status,
    });
    const lapped = rows.find((row) => row.status === "Lapped")!;
    const raw = race.Results.find(
      (r: {Driver: {driverId: string}}) => r.Driver.driverId === lapped.driver_ref,
    );
    expect(lapped.time_text).toBe(raw.Time.time);
    expect(raw.Time.millis).toBeDefined();
    expect(lapped.duration_ms).toBeNull();
    const didNotStart = rows.find((row) => row.position_text === "W")!;
    expect(didNotStart).toMatchObject({
      driver_ref: "gasly",
      position: null,
      position_order: 20,
      status: "Did not start",
      fastest_lap: null,
      fastest_lap_time_s: null,
      duration_ms: null,
    });
  });

  it("maps qualifying, sprints, the schedule, drivers and seasons as recorded", async () => {
    const jolpica = await client();
    const qualifying = await jolpica.getQualifying(2023, 4);
    const q = recorded("2023/4/qualifying.json").RaceTable.Races[0].QualifyingResults;
    expect(qualifying).toHaveLength(q.length);
    expect(qualifying[0]).toEqual({
      year: 2023,
      round: 4,
      driver_ref: "leclerc",
      constructor_ref: "ferrari",
      driver_number: 16,
      position: 1,
      q1_s: 101.269,
      q2_s: 101.037,
      q3_s: 100.203,
    });
    const noQ3 = qualifying.filter((row) => row.q3_s === null).length;
    expect(noQ3).toBe(q.filter((r: {Q3?: string}) => !r.Q3).length);

    const sprint = await jolpica.getSprintResults(2023, 4);
    expect(sprint[0]).toMatchObject({driver_ref: "perez", points: 8, laps: 17, duration_ms: 1997667});

    const schedule = await jolpica.getRaces(2023);
    const races = recorded("2023.json").RaceTable.Races;
    expect(schedule.map((race) => race.race_name)).toEqual(races.map((r: {raceName: string}) => r.raceName));
    expect(schedule[0]).toMatchObject({
      circuit_ref: "bahrain",
      date: "2023-03-05",
      date_start: Date.UTC(2023, 2, 5, 15),
      qualifying_start: Date.UTC(2023, 2, 4, 15),
      sprint_start: null,
    });
    expect(schedule.find((race) => race.round === 4)?.sprint_start).toBe(
      Date.parse(`${races[3].Sprint.date}T${races[3].Sprint.time}`),
    );

    const drivers = await jolpica.getDrivers(2023);
    expect(drivers).toHaveLength(22);
    expect(drivers.find((driver) => driver.driver_ref === "hulkenberg")).toMatchObject({
      last_name: "Hülkenberg",
      permanent_number: 27,
      code: "HUL",
      date_of_birth: "1987-08-19",
    });
    const seasons = await jolpica.getSeasons();
    expect(seasons).toEqual(
      [1950, 1951, 1952].map((year) => ({
        year,
        url: `https://en.wikipedia.org/wiki/${year}_Formula_One_season`,
      })),
    );
  });

  it("names an unrecorded endpoint in its error", async () => {
    await expect((await client()).getPitStops(2023, 1)).rejects.toThrow(/pitstops\.json.*404/);
  });
});

describe("JolpicaClient against odd answers", () => {
  let server: ScriptedServer;
  afterEach(() => server.close());

  async function clientFor(bodies: unknown[]) {
    server = await startScriptedServer((_request, response, index) =>
      sendText(response, 200, JSON.stringify(bodies[Math.min(index, bodies.length - 1)])),
    );
    problems = [];
    return createJolpicaClient({
      http: await createHttp({mirror: null, cacheDir: null, clock: createVirtualClock(), log: () => {}}),
      baseUrl: `${server.url}/ergast/f1`,
      onProblem: (problem) => problems.push(problem),
    });
  }

  const page = (offset: number, total: number, Results: unknown[]) => ({
    MRData: {
      limit: "2",
      offset: String(offset),
      total: String(total),
      RaceTable: {Races: [{season: "2023", round: "1", Results}]},
    },
  });
  const result = (driverId: string, position: string) => ({
    position,
    positionText: position,
    Driver: {driverId},
  });

  it("skips an item that does not match Jolpica's format, names it, and keeps the rest", async () => {
    const jolpica = await clientFor([page(0, 2, [result("albon", "1"), {position: "2", Driver: {}}])]);
    const rows = await jolpica.getResults(2023, 1);
    expect(rows.map((row) => row.driver_ref)).toEqual(["albon"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.source).toBe(`${server.url}/ergast/f1/2023/1/results.json`);
    expect(problems[0]!.message).toMatch(/skipped a result .*Driver\.driverId/);
  });

  it("refuses pages that disagree with each other instead of merging them", async () => {
    const jolpica = await clientFor([
      page(0, 4, [result("albon", "1"), result("sargeant", "2")]),
      page(2, 5, [result("x", "3")]),
    ]);
    await expect(jolpica.getResults(2023, 1)).rejects.toThrow(/data may have changed while paging/);
  });

  it("says when the base URL does not lead to Jolpica", async () => {
    const jolpica = await clientFor([{hello: "world"}]);
    await expect(jolpica.getSeasons()).rejects.toThrow(/not a Jolpica answer.*Check the base URL/);
  });
});

describe("JOLPICA_RATE_LIMIT", () => {
  it("is Jolpica's published 4 a second and 500 an hour", () => {
    expect(JOLPICA_RATE_LIMIT).toEqual([
      {requests: 4, perMs: 1_000},
      {requests: 500, perMs: 3_600_000},
    ]);
  });
});
