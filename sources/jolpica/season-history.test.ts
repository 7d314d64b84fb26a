import {mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {startFakeJolpica, type FakeJolpica} from "../../test/fakes/jolpica-server.js";
import {createHttp, createVirtualClock} from "../http/index.js";
import {createJolpicaClient} from "./client.js";

// getSeasonHistory against the fake Jolpica serving a small synthetic season (2030, two rounds), written to a
// temporary mirror folder by this test.

const circuit = {
  circuitId: "testring",
  circuitName: "Test Ring",
  Location: {lat: "1.5", long: "2.5", locality: "Here", country: "Nowhere"},
};
const drivers = ["alpha", "beta"].map((driverId, index) => ({
  driverId,
  permanentNumber: String(index + 1),
  givenName: driverId,
  familyName: "Driver",
}));
const constructors = [{constructorId: "works", name: "Works"}];
const race = (round: number) => ({
  season: "2030",
  round: String(round),
  raceName: `Race ${round}`,
  Circuit: circuit,
  date: `2030-0${round}-01`,
  time: "14:00:00Z",
});
const result = (driver: (typeof drivers)[number], position: number) => ({
  number: driver.permanentNumber,
  position: String(position),
  positionText: String(position),
  points: String(position === 1 ? 25 : 18),
  Driver: driver,
  Constructor: constructors[0],
  grid: String(position),
  laps: "50",
  status: "Finished",
});
const envelope = (total: number, table: Record<string, unknown>) => ({
  MRData: {xmlns: "", series: "f1", limit: "30", offset: "0", total: String(total), ...table},
});

const recordings: Record<string, unknown> = {
  "2030/seasons": envelope(1, {SeasonTable: {Seasons: [{season: "2030", url: "https://example.org/2030"}]}}),
  "2030": envelope(2, {RaceTable: {season: "2030", Races: [race(1), race(2)]}}),
  "2030/circuits": envelope(1, {CircuitTable: {Circuits: [circuit]}}),
  "2030/drivers": envelope(2, {DriverTable: {Drivers: drivers}}),
  "2030/constructors": envelope(1, {ConstructorTable: {Constructors: constructors}}),
  "2030/results": envelope(4, {
    RaceTable: {
      Races: [1, 2].map((round) => ({
        ...race(round),
        Results: [result(drivers[0]!, 1), result(drivers[1]!, 2)],
      })),
    },
  }),
  "2030/sprint": envelope(2, {
    RaceTable: {Races: [{...race(2), SprintResults: [result(drivers[1]!, 1), result(drivers[0]!, 2)]}]},
  }),
  "2030/qualifying": envelope(0, {RaceTable: {Races: []}}),
  ...Object.fromEntries(
    [1, 2].flatMap((round) => [
      [
        `2030/${round}/driverStandings`,
        envelope(2, {
          StandingsTable: {
            StandingsLists: [
              {
                season: "2030",
                round: String(round),
                DriverStandings: drivers.map((Driver, index) => ({
                  position: String(index + 1),
                  positionText: String(index + 1),
                  points: String(25 * round - index * 7 * round),
                  wins: String(index === 0 ? round : 0),
                  Driver,
                })),
              },
            ],
          },
        }),
      ],
      [
        `2030/${round}/constructorStandings`,
        envelope(1, {
          StandingsTable: {
            StandingsLists: [
              {
                season: "2030",
                round: String(round),
                ConstructorStandings: [
                  {
                    position: "1",
                    positionText: "1",
                    points: String(43 * round),
                    wins: String(round),
                    Constructor: constructors[0],
                  },
                ],
              },
            ],
          },
        }),
      ],
      [
        `2030/${round}/pitstops`,
        envelope(1, {
          RaceTable: {
            Races: [
              {
                ...race(round),
                PitStops: [{driverId: "beta", lap: "20", stop: "1", time: "14:35:00", duration: "22.5"}],
              },
            ],
          },
        }),
      ],
      [
        `2030/${round}/laps`,
        envelope(4, {
          RaceTable: {
            Races: [
              {
                ...race(round),
                Laps: [1, 2].map((lap) => ({
                  number: String(lap),
                  Timings: drivers.map((driver, index) => ({
                    driverId: driver.driverId,
                    position: String(index + 1),
                    time: `1:3${index}.000`,
                  })),
                })),
              },
            ],
          },
        }),
      ],
    ]),
  ),
};

let dataDir: string;
let fake: FakeJolpica;
// One clock for the fake's rate limit and the client's waits, so waiting out a limit is instant.
const clock = createVirtualClock();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "fake-jolpica-"));
  const lines = ["url\tpath"];
  for (const [path, body] of Object.entries(recordings)) {
    const file = join("jolpica", "f1", `${path}.json`);
    await mkdir(dirname(join(dataDir, file)), {recursive: true});
    await writeFile(join(dataDir, file), JSON.stringify(body));
    lines.push(`https://api.jolpi.ca/ergast/f1/${path}.json\t${file}`);
  }
  await writeFile(join(dataDir, "urls.tsv"), lines.join("\n"));
  fake = await startFakeJolpica({dataDir, now: () => clock.now()});
});

afterAll(async () => {
  await fake.close();
  await rm(dataDir, {recursive: true, force: true});
});

describe("getSeasonHistory", () => {
  it("fills every history table of a season, standings after each round, laps and stops on request", async () => {
    const progress: string[] = [];
    const jolpica = createJolpicaClient({
      log: (line) => progress.push(line),
      http: await createHttp({mirror: null, cacheDir: null, clock, log: () => {}}),
      baseUrl: fake.baseUrl,
    });
    const tables = await jolpica.getSeasonHistory(2030, {lapTimes: true, pitStops: true});
    expect(tables.seasons).toEqual([{year: 2030, url: "https://example.org/2030"}]);
    expect(tables.races.map((row) => [row.round, row.date_start])).toEqual([
      [1, Date.UTC(2030, 0, 1, 14)],
      [2, Date.UTC(2030, 1, 1, 14)],
    ]);
    expect(tables.circuits).toEqual([
      {
        circuit_ref: "testring",
        circuit_name: "Test Ring",
        location: "Here",
        country: "Nowhere",
        lat: 1.5,
        lng: 2.5,
        alt_m: null,
        url: null,
      },
    ]);
    expect(tables.drivers.map((row) => row.driver_ref)).toEqual(["alpha", "beta"]);
    expect(tables.constructors.map((row) => row.constructor_ref)).toEqual(["works"]);
    expect(tables.results.map((row) => `${row.round}:${row.driver_ref}:${row.position_order}`)).toEqual([
      "1:alpha:1",
      "1:beta:2",
      "2:alpha:1",
      "2:beta:2",
    ]);
    expect(tables.sprint_results.map((row) => `${row.round}:${row.driver_ref}`)).toEqual([
      "2:beta",
      "2:alpha",
    ]);
    expect(tables.qualifying).toEqual([]);
    expect(tables.driver_standings.map((row) => `${row.round}:${row.driver_ref}:${row.points}`)).toEqual([
      "1:alpha:25",
      "1:beta:18",
      "2:alpha:50",
      "2:beta:36",
    ]);
    expect(tables.constructor_standings.map((row) => `${row.round}:${row.points}`)).toEqual(["1:43", "2:86"]);
    expect(tables.pit_stops).toEqual(
      [1, 2].map((round) => ({
        year: 2030,
        round,
        driver_ref: "beta",
        stop: 1,
        lap: 20,
        time_of_day: "14:35:00",
        duration_s: 22.5,
      })),
    );
    expect(tables.lap_times).toHaveLength(8);
    expect(tables.lap_times[1]).toEqual({
      year: 2030,
      round: 1,
      lap: 1,
      driver_ref: "beta",
      position: 2,
      time_s: 91,
    });
    expect(tables.lap_chart).toEqual([]);
    expect(progress).toEqual([
      "jolpica: 2030 round 1 (1 of 2): standings, pit stops, lap times",
      "jolpica: 2030 round 2 (2 of 2): standings, pit stops, lap times",
    ]);
  });

  it("leaves laps and pit stops out unless asked", async () => {
    fake.requests.length = 0;
    const jolpica = createJolpicaClient({
      log: () => {},
      http: await createHttp({mirror: null, cacheDir: null, clock, log: () => {}}),
      baseUrl: fake.baseUrl,
    });
    const tables = await jolpica.getSeasonHistory(2030);
    expect(tables.lap_times).toEqual([]);
    expect(tables.pit_stops).toEqual([]);
    expect(fake.requests.some((path) => /laps|pitstops/.test(path))).toBe(false);
  });
});
