import {existsSync, readdirSync, statSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {parseLapTime} from "../../src/sport/lap-time.js";
import {sessionTables, type LapRow} from "../../src/sport/session-tables.js";
import {parseUtc} from "../../src/sport/units.js";
import {createFolderReader} from "./archive-reader.js";
import {scanTimingData, withoutRepeats} from "./raw-timing-scan.js";
import {readSessionTables, TABLE_SOURCES} from "./session-reader.js";
import {ARCHIVE, MEXICO_QUALIFYING} from "./test-data.js";

const reader = createFolderReader(ARCHIVE);

function sessionPaths(): string[] {
  const paths: string[] = [];
  for (const year of readdirSync(ARCHIVE).filter((name) => /^\d{4}$/.test(name))) {
    for (const meeting of readdirSync(join(ARCHIVE, year)).filter((name) =>
      statSync(join(ARCHIVE, year, name)).isDirectory(),
    )) {
      for (const session of readdirSync(join(ARCHIVE, year, meeting)))
        paths.push(`${year}/${meeting}/${session}/`);
    }
  }
  return paths.sort();
}

const withTiming = sessionPaths().filter((path) => existsSync(join(ARCHIVE, path, "TimingData.jsonStream")));
const withoutTiming = sessionPaths().filter((path) => !withTiming.includes(path));
const sectorKeys = ["duration_sector_1", "duration_sector_2", "duration_sector_3"] as const;

describe("sessions with TimingData", () => {
  it("are the fifteen the archive holds", () => {
    expect(withTiming).toHaveLength(15);
  });

  it.each(withTiming)("%s: every completed lap, times to the millisecond, final order", async (path) => {
    const {tables, problems, fatal, absent} = await readSessionTables(reader, path, {telemetry: "skip"});
    const reference = scanTimingData(join(ARCHIVE, path, "TimingData.jsonStream"));
    expect(problems).toEqual([]);
    expect(fatal).toBe(false);
    expect(absent.laps).toBeUndefined();
    expect(tables.laps.length).toBeGreaterThan(50);

    const lapsByCar = new Map<number, LapRow[]>();
    for (const lap of tables.laps)
      lapsByCar.set(lap.driver_number, [...(lapsByCar.get(lap.driver_number) ?? []), lap]);
    expect([...lapsByCar.keys()].every((car) => reference.has(car))).toBe(true);

    for (const [car, raw] of reference) {
      const laps = lapsByCar.get(car) ?? [];
      const count = raw.lapCount + (raw.trailingLap ? 1 : 0);
      expect(
        laps.map((lap) => lap.lap_number),
        `car ${car} lap numbers`,
      ).toEqual(Array.from({length: count}, (_, i) => i + 1));

      const lapTimes = laps.map((lap) => lap.lap_duration).filter((time) => time != null);
      expect(withoutRepeats(lapTimes), `car ${car} lap times`).toEqual(
        withoutRepeats(raw.lapTimes.map(parseLapTime)),
      );
      for (const k of [0, 1, 2] as const) {
        const mine = laps.map((lap) => lap[sectorKeys[k]]).filter((time) => time != null);
        expect(withoutRepeats(mine), `car ${car} sector ${k + 1}`).toEqual(
          withoutRepeats(raw.sectors[k].map(parseLapTime)),
        );
      }
      // A lap's sectors add up to its time (to the rounding of three values), so no value sits on the wrong lap.
      for (const lap of laps) {
        const parts = sectorKeys.map((key) => lap[key]);
        if (lap.lap_duration == null || parts.some((part) => part == null)) continue;
        const sum = parts.reduce((total, part) => total! + part!, 0)!;
        expect(Math.abs(sum - lap.lap_duration), `car ${car} lap ${lap.lap_number}`).toBeLessThanOrEqual(
          0.0025,
        );
      }

      const classified = tables.classification.find((row) => row.driver_number === car);
      expect(classified?.position, `car ${car} position`).toBe(
        raw.position == null ? null : Number(raw.position),
      );
      expect(classified?.number_of_laps ?? null, `car ${car} laps`).toBe(raw.finalLapCount);
    }
    expect(tables.classification.map((row) => row.driver_number).sort((a, b) => a - b)).toEqual(
      [...reference.keys()].sort((a, b) => a - b),
    );
  });
});

describe("sessions without TimingData", () => {
  it.each(withoutTiming)("%s: builds what its topics allow and says why the rest is absent", async (path) => {
    const topics = readdirSync(join(ARCHIVE, path)).map((file) => file.replace(/\.jsonStream$/, ""));
    const {tables, absent, fatal, problems} = await readSessionTables(reader, path, {telemetry: "skip"});
    expect(fatal).toBe(false);
    expect(problems).toEqual([]);
    for (const table of ["laps", "pit_stops", "positions", "intervals", "classification"] as const) {
      expect(absent[table]).toBe("TimingData.jsonStream is not in the archive for this session");
      expect(tables[table]).toEqual([]);
    }
    for (const {name} of sessionTables) {
      const source = TABLE_SOURCES[name][0]!;
      if (name === "session_info") expect(tables.session_info).toHaveLength(1);
      else if (absent[name] === undefined)
        expect(
          topics.some((topic) => TABLE_SOURCES[name].includes(topic)),
          name,
        ).toBe(true);
      else expect(tables[name], name).toEqual([]);
      if (["race_control", "track_status", "weather", "stints"].includes(name) && topics.includes(source)) {
        expect(absent[name], name).toBeUndefined();
        expect(tables[name].length, name).toBeGreaterThan(0);
      }
    }
    if (topics.includes("DriverList")) expect(tables.drivers.length).toBeGreaterThanOrEqual(19);
    else expect(absent.drivers).toMatch(/DriverList.jsonStream is not in the archive/);
  });
});

describe("the complete 2025 Mexico City qualifying", async () => {
  const read = await readSessionTables(reader, MEXICO_QUALIFYING);
  const {tables, absent, anchor} = read;

  it("has every table but intervals (a qualifying session has no race gaps)", () => {
    expect(Object.keys(absent)).toEqual(["intervals"]);
    expect(read.fatal).toBe(false);
    expect(read.problems).toEqual([]);
    expect(tables.drivers).toHaveLength(20);
    expect(tables.car_data.length).toBe(347_120);
    expect(tables.car_positions.length).toBe(358_400);
  });

  it("anchors time where SessionData, CarData and ExtrapolatedClock agree", () => {
    expect(anchor.source).toMatch(/SessionData/);
    expect(new Date(anchor.streamStartMs!).toISOString()).toBe("2025-10-25T20:46:23.899Z");
    expect(tables.session_info[0]).toMatchObject({
      session_key: 9873,
      session_id: "2025-mexico-city-grand-prix-qualifying",
      session_type: "Qualifying",
      stream_start: anchor.streamStartMs,
      date_start: parseUtc("2025-10-25T21:00:00Z"),
      total_laps: null,
    });
    // A lap's start is the end of the one before it, on the same clock.
    const laps = tables.laps.filter((lap) => lap.driver_number === 4);
    for (let i = 1; i < laps.length; i++) {
      expect(laps[i]!.date_start).toBe(
        anchor.streamStartMs! + Math.round(laps[i - 1]!.session_time_s! * 1000),
      );
    }
  });

  it("classifies the grid as timing did, with each part's best lap", () => {
    expect(tables.classification.slice(0, 3).map((row) => [row.driver_number, row.q3_duration])).toEqual([
      [4, 75.586],
      [16, 75.848],
      [44, 75.938],
    ]);
    const knockedOut = tables.classification.filter((row) => row.status === "Knocked out");
    expect(knockedOut).toHaveLength(10);
    expect(knockedOut.every((row) => row.q3_duration == null && row.q1_duration != null)).toBe(true);
  });

  it("labels laps with their qualifying part, pit laps and tyres", () => {
    const norris = tables.laps.filter((lap) => lap.driver_number === 4);
    expect(new Set(norris.map((lap) => lap.qualifying_part))).toEqual(new Set([1, 2, 3]));
    const pole = norris.find((lap) => lap.lap_duration === 75.586)!;
    expect(pole).toMatchObject({
      qualifying_part: 3,
      is_personal_best: true,
      is_pit_in_lap: false,
      is_pit_out_lap: false,
      compound: "SOFT",
    });
    // Every run is out-lap, timed laps, in-lap: each in-lap is followed by an out-lap.
    for (const lap of norris.filter((row) => row.is_pit_in_lap)) {
      const next = norris.find((row) => row.lap_number === lap.lap_number + 1);
      if (next) expect(next.is_pit_out_lap).toBe(true);
    }
    expect(tables.pit_stops.filter((stop) => stop.driver_number === 4).length).toBe(
      norris.filter((lap) => lap.is_pit_in_lap).length,
    );
    const stints = tables.stints.filter((stint) => stint.driver_number === 4);
    expect(stints.map((stint) => [stint.lap_start, stint.lap_end])).toEqual(
      stints.map((stint) => {
        const inStint = norris
          .filter((lap) => lap.stint_number === stint.stint_number)
          .map((lap) => lap.lap_number);
        return [Math.min(...inStint), Math.max(...inStint)];
      }),
    );
  });

  it("returns telemetry as columns on request, the same samples as the rows", async () => {
    const columnar = await readSessionTables(reader, MEXICO_QUALIFYING, {telemetry: "columns"});
    expect(columnar.tables.car_data).toEqual([]);
    expect(columnar.absent.car_data).toBeUndefined();
    const columns = columnar.columns.car_data!;
    expect(columns.length).toBe(tables.car_data.length);
    for (const i of [0, 1234, 200_000, columns.length - 1]) {
      const row = tables.car_data[i]!;
      expect([
        columns.date[i],
        columns.driver_number[i],
        columns.rpm[i],
        columns.speed_kph[i],
        columns.drs[i],
      ]).toEqual([row.date, row.driver_number, row.rpm, row.speed_kph, row.drs]);
    }
    expect(columnar.columns.car_positions!.length).toBe(tables.car_positions.length);
  });
});

describe("archive quirks", () => {
  it("leaves out the support series that follows some practice sessions on the same stream", async () => {
    const hungary = await readSessionTables(
      reader,
      "2023/2023-07-23_Hungarian_Grand_Prix/2023-07-21_Practice_1/",
    );
    expect(hungary.tables.drivers.find((driver) => driver.driver_number === 1)).toMatchObject({
      name_acronym: "VER",
      team_name: "Red Bull Racing",
    });
    expect(hungary.tables.drivers).toHaveLength(20);
    expect(hungary.notes.join("\n")).toMatch(/DriverList.jsonStream:59 renames cars .* at 01:37:38.294/);

    const monza = await readSessionTables(
      reader,
      "2025/2025-09-07_Italian_Grand_Prix/2025-09-05_Practice_1/",
    );
    const messages = monza.tables.race_control.map((row) => row.message ?? "");
    expect(messages.some((message) => /\(HED\)|\(VOI\)|\(CAM\)/.test(message))).toBe(false);
    expect(monza.tables.race_control.length).toBeGreaterThan(10);
  });

  it("keeps a lap counted again after a NumberOfLaps correction once (2020 Hungary car 16: 7 → 6 → 7)", async () => {
    const {tables} = await readSessionTables(
      reader,
      "2020/2020-07-19_Hungarian_Grand_Prix/2020-07-17_Practice_2/",
      {telemetry: "skip"},
    );
    const laps = tables.laps.filter((lap) => lap.driver_number === 16);
    expect(laps.filter((lap) => lap.lap_number === 7)).toHaveLength(1);
    expect(laps.find((lap) => lap.lap_number === 7)!.lap_duration).toBe(106.281);
  });

  it("gives sessions without a key a negative stand-in and says so", async () => {
    const read = await readSessionTables(
      reader,
      "2020/2020-08-09_70th_Anniversary_Grand_Prix/2020-08-07_Practice_2/",
      {telemetry: "skip"},
    );
    const key = read.tables.session_info[0]!.session_key;
    expect(key).toBeLessThan(0);
    expect(read.tables.laps.every((lap) => lap.session_key === key)).toBe(true);
    expect(read.notes.join("\n")).toMatch(/stand-in/);
    expect(read.anchor.streamStartMs).toBeNull();
    expect(read.tables.laps.every((lap) => lap.date_start === null)).toBe(true);
  });

  it("builds race intervals from the gap texts, lapped cars included", async () => {
    const {tables} = await readSessionTables(
      reader,
      "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/",
      {telemetry: "skip"},
    );
    expect(tables.intervals.length).toBeGreaterThan(10_000);
    expect(tables.intervals.some((row) => row.laps_behind_leader === 1 && row.gap_to_leader_s === null)).toBe(
      true,
    );
    expect(tables.intervals.some((row) => row.gap_to_leader_s === 0)).toBe(true);
    expect(tables.session_info[0]!.total_laps).toBe(51);
    expect(tables.classification[0]).toMatchObject({
      driver_number: 44,
      position: 1,
      number_of_laps: 51,
      status: "Finished",
    });
  });
});
