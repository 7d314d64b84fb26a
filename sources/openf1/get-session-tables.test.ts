import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {
  readRecorded,
  sharedDataDir,
  startOpenF1Harness,
  type OpenF1Harness,
} from "../../test/fakes/openf1-harness.js";
import {createHttp} from "../http/index.js";
import {createOpenF1Client} from "./client.js";
import {getSessionTables, type SessionBuild} from "./get-session-tables.js";

type Row = Record<string, unknown>;

/** Epoch ms of a recorded OpenF1 date (all are UTC, "+00:00"). */
function ms(date: unknown): number {
  return Date.parse(`${String(date).slice(0, 23)}Z`);
}

let harness: OpenF1Harness;
let build: SessionBuild;

beforeAll(async () => {
  harness = await startOpenF1Harness();
  build = await getSessionTables(harness.client, 9606, {log: () => {}});
});
afterAll(() => harness.close());

describe("getSessionTables(9606) from the fake OpenF1", () => {
  it("builds session_info from the session and its meeting", () => {
    expect(build.tables.session_info).toEqual([
      {
        session_key: 9606,
        session_id: "2024-singapore-grand-prix-race",
        session_name: "Race",
        session_type: "Race",
        meeting_key: 1246,
        meeting_name: "Singapore Grand Prix",
        meeting_official_name: "FORMULA 1 SINGAPORE AIRLINES SINGAPORE GRAND PRIX 2024",
        location: "Marina Bay",
        country_code: "SGP",
        country_name: "Singapore",
        circuit_key: 61,
        circuit_short_name: "Singapore",
        year: 2024,
        date_start: Date.UTC(2024, 8, 22, 12, 0),
        date_end: Date.UTC(2024, 8, 22, 14, 0),
        gmt_offset: "08:00:00",
        stream_start: null,
        total_laps: null,
        archive_path: null,
      },
    ]);
  });

  it("maps every driver", () => {
    const recorded = readRecorded("drivers");
    expect(recorded.some((driver) => /[a-f]/.test(String(driver.team_colour)))).toBe(true);
    expect(build.tables.drivers).toHaveLength(20);
    for (const driver of recorded) {
      const row = build.tables.drivers.find((d) => d.driver_number === driver.driver_number)!;
      expect(row).toMatchObject({
        session_key: 9606,
        name_acronym: driver.name_acronym,
        team_name: driver.team_name,
        // Alpine's colour arrives as "0093cc": colours are upper-cased so one team has one spelling.
        team_colour: String(driver.team_colour).toUpperCase(),
        broadcast_name: driver.broadcast_name,
        country_code: driver.country_code,
      });
    }
  });

  it("maps every lap with its times, speeds and pit flags", () => {
    const recorded = readRecorded("laps");
    const pitLaps = new Set(readRecorded("pit").map((pit) => `${pit.driver_number}/${pit.lap_number}`));
    expect(build.tables.laps).toHaveLength(recorded.length);
    recorded.forEach((lap, index) => {
      const row = build.tables.laps[index]!;
      expect(row.driver_number).toBe(lap.driver_number);
      expect(row.lap_number).toBe(lap.lap_number);
      expect(row.date_start).toBe(ms(lap.date_start));
      expect(row.lap_duration).toBe(lap.lap_duration);
      expect([row.duration_sector_1, row.duration_sector_2, row.duration_sector_3]).toEqual([
        lap.duration_sector_1,
        lap.duration_sector_2,
        lap.duration_sector_3,
      ]);
      expect([row.i1_speed, row.i2_speed, row.st_speed, row.fl_speed]).toEqual([
        lap.i1_speed,
        lap.i2_speed,
        lap.st_speed,
        null,
      ]);
      expect(row.is_pit_out_lap).toBe(lap.is_pit_out_lap);
      expect(row.is_pit_in_lap).toBe(pitLaps.has(`${lap.driver_number}/${lap.lap_number}`));
    });
    expect(build.tables.laps.filter((lap) => lap.is_pit_in_lap)).toHaveLength(23);
    // The two laps OpenF1 sends without any timing stay without a time.
    expect(
      build.tables.laps
        .filter((lap) => lap.lap_duration == null)
        .map((lap) => `${lap.driver_number}/${lap.lap_number}`),
    ).toEqual(["23/16", "20/58"]);
  });

  it("sets each lap's running position from the position changes (checked by brute force)", () => {
    const positions = readRecorded("position");
    const laps = readRecorded("laps");
    const startOf = new Map(
      laps.map((lap) => [`${lap.driver_number}/${lap.lap_number}`, ms(lap.date_start)]),
    );
    let checked = 0;
    laps.forEach((lap, index) => {
      const end =
        lap.lap_duration != null
          ? ms(lap.date_start) + (lap.lap_duration as number) * 1000
          : startOf.get(`${lap.driver_number}/${(lap.lap_number as number) + 1}`);
      let latest: Row | null = null;
      for (const row of positions) {
        if (row.driver_number !== lap.driver_number || end == null || ms(row.date) > end) continue;
        if (latest == null || ms(row.date) >= ms(latest.date)) latest = row;
      }
      expect(build.tables.laps[index]!.position, `${lap.driver_number}/${lap.lap_number}`).toBe(
        latest?.position ?? null,
      );
      if (latest) checked++;
    });
    expect(checked).toBeGreaterThan(1000);
  });

  it("numbers pit stops per driver in time order", () => {
    const recorded = readRecorded("pit");
    expect(build.tables.pit_stops).toHaveLength(recorded.length);
    recorded.forEach((pit, index) => {
      const earlier = recorded.filter(
        (other) => other.driver_number === pit.driver_number && ms(other.date) < ms(pit.date),
      );
      expect(build.tables.pit_stops[index]).toEqual({
        session_key: 9606,
        driver_number: pit.driver_number,
        stop_number: earlier.length + 1,
        lap_number: pit.lap_number,
        date: ms(pit.date),
        pit_duration: pit.pit_duration,
      });
    });
    expect(
      build.tables.pit_stops.filter((stop) => stop.driver_number === 3).map((stop) => stop.stop_number),
    ).toEqual([1, 2, 3]);
  });

  it("maps every position change", () => {
    const recorded = readRecorded("position");
    expect(build.tables.positions).toEqual(
      recorded.map((row) => ({
        session_key: 9606,
        date: ms(row.date),
        session_time_s: null,
        driver_number: row.driver_number,
        position: row.position,
      })),
    );
  });

  it("says why each table OpenF1 has no data for is absent, and reports no problems", () => {
    expect(Object.keys(build.absent).sort()).toEqual(
      [
        "car_data",
        "car_positions",
        "classification",
        "intervals",
        "race_control",
        "stints",
        "track_status",
        "weather",
      ].sort(),
    );
    expect(build.absent.stints).toMatch(/OpenF1 has no stints rows for session 9606/);
    expect(build.absent.car_data).toMatch(/telemetry: true/);
    expect(build.absent.track_status).toMatch(/race_control/);
    for (const name of Object.keys(build.absent))
      expect(build.tables[name as keyof typeof build.tables]).toEqual([]);
    expect(build.problems).toEqual([]);
  });

  it("costs 11 requests, and none on a second run (served from the on-disk cache)", async () => {
    const before = harness.fake.requests.length;
    expect(before).toBe(11);
    const again = await getSessionTables(await harness.rerun(), 9606, {log: () => {}});
    expect(harness.fake.requests).toHaveLength(before);
    expect(again.tables).toEqual(build.tables);
  });
});

describe("getSessionTables(9606) offline from the mirror", () => {
  it("builds the same tables, and names the recordings the mirror lacks", async () => {
    const http = await createHttp({mirror: sharedDataDir});
    const offline = await getSessionTables(createOpenF1Client(http), 9606, {log: () => {}});
    expect(offline.tables).toEqual(build.tables);
    expect(offline.absent.stints).toMatch(
      /Not in the mirror: https:\/\/api\.openf1\.org\/v1\/stints\?session_key=9606/,
    );
    expect(offline.problems).toEqual([]);
  });
});

describe("getSessionTables with rows for every endpoint (synthetic rows added to the fake)", () => {
  const iso = (minute: number, second = 0) =>
    new Date(Date.UTC(2024, 8, 22, 12, minute, second)).toISOString().replace("Z", "000+00:00");
  const keys = {meeting_key: 1246, session_key: 9606};
  const extraRows = {
    stints: [
      {
        ...keys,
        driver_number: 4,
        stint_number: 1,
        lap_start: 1,
        lap_end: 30,
        compound: "MEDIUM",
        tyre_age_at_start: 0,
      },
      {
        ...keys,
        driver_number: 4,
        stint_number: 2,
        lap_start: 31,
        lap_end: 62,
        compound: "HARD",
        tyre_age_at_start: 3,
      },
    ],
    intervals: [
      {...keys, driver_number: 4, date: iso(10), gap_to_leader: null, interval: null},
      {...keys, driver_number: 1, date: iso(10), gap_to_leader: 3.5, interval: 3.5},
      {...keys, driver_number: 23, date: iso(10), gap_to_leader: "+1 LAP", interval: 0.9},
    ],
    race_control: [
      {
        ...keys,
        date: iso(1),
        category: "Flag",
        flag: "GREEN",
        scope: "Track",
        sector: null,
        driver_number: null,
        lap_number: 1,
        message: "GREEN LIGHT - PIT EXIT OPEN",
      },
      {
        ...keys,
        date: iso(30),
        category: "SafetyCar",
        flag: null,
        scope: "Track",
        sector: null,
        driver_number: null,
        lap_number: 17,
        message: "VIRTUAL SAFETY CAR DEPLOYED",
      },
    ],
    weather: [
      {
        ...keys,
        date: iso(5),
        air_temperature: 30.5,
        track_temperature: 34.1,
        humidity: 73,
        pressure: 1008,
        rainfall: 0,
        wind_direction: 40,
        wind_speed: 1.3,
      },
    ],
    session_result: [
      {
        ...keys,
        driver_number: 4,
        position: 1,
        number_of_laps: 62,
        dnf: false,
        dns: false,
        dsq: false,
        duration: 6050.1,
        gap_to_leader: 0,
      },
      {
        ...keys,
        driver_number: 23,
        position: 18,
        number_of_laps: 15,
        dnf: true,
        dns: false,
        dsq: false,
        duration: null,
        gap_to_leader: null,
      },
    ],
    car_data: [0, 1, 2].map((i) => ({
      ...keys,
      driver_number: 4,
      date: iso(20, i),
      rpm: 11000 + i,
      speed: 300 + i,
      n_gear: 8,
      throttle: 100,
      brake: 0,
      drs: 12,
    })),
    location: [0, 1].map((i) => ({
      ...keys,
      driver_number: 4,
      date: iso(20, i),
      x: 100 * i,
      y: -50 * i,
      z: 7,
    })),
  };
  let full: OpenF1Harness;
  let result: SessionBuild;

  beforeAll(async () => {
    full = await startOpenF1Harness({fake: {extraRows}});
    result = await getSessionTables(full.client, 9606, {
      telemetry: true,
      telemetryWindowMs: 30 * 60_000,
      log: () => {},
    });
  });
  afterAll(() => full.close());

  it("fills every table OpenF1 has, leaving only track_status absent", () => {
    expect(Object.keys(result.absent)).toEqual(["track_status"]);
    expect(result.tables.stints).toHaveLength(2);
    expect(
      result.tables.intervals.map((row) => [row.driver_number, row.gap_to_leader_s, row.laps_behind_leader]),
    ).toEqual([
      [4, null, null],
      [1, 3.5, null],
      [23, null, 1],
    ]);
    expect(result.tables.race_control[1]).toMatchObject({
      mode: "VIRTUAL SAFETY CAR",
      status: "DEPLOYED",
      lap_number: 17,
    });
    expect(result.tables.weather).toEqual([
      {
        session_key: 9606,
        date: Date.UTC(2024, 8, 22, 12, 5),
        air_temperature: 30.5,
        track_temperature: 34.1,
        humidity: 73,
        pressure: 1008,
        rainfall: false,
        wind_direction: 40,
        wind_speed: 1.3,
      },
    ]);
    expect(result.tables.car_data.map((row) => row.speed_kph)).toEqual([300, 301, 302]);
    expect(result.tables.car_positions.map((row) => row.x)).toEqual([0, 100]);
    expect(result.problems).toEqual([]);
  });

  it("uses the stints for each lap's tyres and the laps for the classification's best laps", () => {
    const laps4 = result.tables.laps.filter((lap) => lap.driver_number === 4);
    const lap31 = laps4.find((lap) => lap.lap_number === 31)!;
    expect([lap31.stint_number, lap31.compound, lap31.tyre_age_laps]).toEqual([2, "HARD", 4]);
    const best4 = Math.min(
      ...readRecorded("laps")
        .filter((lap) => lap.driver_number === 4 && lap.lap_duration != null)
        .map((lap) => lap.lap_duration as number),
    );
    expect(
      result.tables.classification.map((row) => [
        row.driver_number,
        row.position,
        row.status,
        row.best_lap_duration,
      ]),
    ).toEqual([
      [4, 1, "Finished", best4],
      [23, 18, "Retired", expect.any(Number)],
    ]);
  });

  it("fetches telemetry in windows from an hour before the start to half an hour after the end", () => {
    const windows = full.fake.requests.filter((request) => request.endpoint === "car_data");
    // 11:00 to 14:30 in 30-minute windows.
    expect(windows).toHaveLength(7);
    expect(decodeURIComponent(windows[0]!.query)).toContain("date>=2024-09-22T11:00:00.000Z");
    expect(decodeURIComponent(windows.at(-1)!.query)).toContain("date<=2024-09-22T14:30:00.000Z");
  });
});
