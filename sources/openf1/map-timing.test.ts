import {describe, expect, it} from "vitest";
import type {Problem} from "../../src/sport/problems.js";
import {toIntervalRows, toLapRows, toPitStopRows, toStintRows} from "./map-timing.js";
import type {OpenF1Interval, OpenF1Lap, OpenF1Pit, OpenF1Stint} from "./types.js";
import type {MapContext} from "./values.js";

const keys = {session_key: 1, meeting_key: 2};
const context = (): MapContext => ({
  sessionKey: 1,
  source: "https://api.openf1.org/v1/x?session_key=1",
  problems: [],
});

describe("toLapRows", () => {
  it("keeps lap 1 without a time, drops mini-sectors, and skips rows without keys", () => {
    const lap1: OpenF1Lap = {
      ...keys,
      driver_number: 44,
      lap_number: 1,
      date_start: null,
      lap_duration: null,
      duration_sector_1: null,
      duration_sector_2: 41.2,
      duration_sector_3: 27.9,
      i1_speed: null,
      i2_speed: 250,
      st_speed: 280,
      is_pit_out_lap: false,
      segments_sector_1: [null, 2048, 2064],
      segments_sector_2: null,
      segments_sector_3: [0, 2051],
    };
    const broken = {...lap1, lap_number: null} as unknown as OpenF1Lap;
    const ctx = context();
    const rows = toLapRows([lap1, broken], ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      driver_number: 44,
      lap_number: 1,
      date_start: null,
      lap_duration: null,
      duration_sector_2: 41.2,
      i2_speed: 250,
      is_pit_out_lap: false,
      is_pit_in_lap: null,
    });
    expect(Object.keys(rows[0]!).some((key) => key.startsWith("segments"))).toBe(false);
    expect(ctx.problems).toEqual<Problem[]>([{source: ctx.source, message: "row 2: no lap_number; skipped"}]);
  });
});

describe("toPitStopRows", () => {
  it("numbers stops per driver by time, whatever order they arrive in", () => {
    const pit = (driver: number, time: string, lap: number): OpenF1Pit => ({
      ...keys,
      driver_number: driver,
      date: `2024-09-22T${time}.000000+00:00`,
      lap_number: lap,
      pit_duration: null,
    });
    const rows = toPitStopRows(
      [pit(3, "13:00:00", 40), pit(3, "12:20:00", 10), pit(4, "12:30:00", 20)],
      context(),
    );
    expect(rows.map((row) => [row.driver_number, row.lap_number, row.stop_number])).toEqual([
      [3, 40, 2],
      [3, 10, 1],
      [4, 20, 1],
    ]);
    expect(rows[0]!.pit_duration).toBeNull();
  });
});

describe("toStintRows", () => {
  it("upper-cases compounds and reads a set fitted at age 0 as new", () => {
    const stint: OpenF1Stint = {
      ...keys,
      driver_number: 1,
      stint_number: 2,
      lap_start: 30,
      lap_end: null,
      compound: "hard",
      tyre_age_at_start: 3,
    };
    expect(
      toStintRows([stint, {...stint, stint_number: 1, tyre_age_at_start: 0, compound: null}], context()),
    ).toEqual([
      {
        session_key: 1,
        driver_number: 1,
        stint_number: 2,
        lap_start: 30,
        lap_end: null,
        compound: "HARD",
        is_new: false,
        tyre_age_at_start: 3,
      },
      {
        session_key: 1,
        driver_number: 1,
        stint_number: 1,
        lap_start: 30,
        lap_end: null,
        compound: null,
        is_new: true,
        tyre_age_at_start: 0,
      },
    ]);
  });
});

describe("toIntervalRows", () => {
  it("reads gaps as seconds, '+N LAP(S)' as laps behind, the leader's nulls as null, and reports junk", () => {
    const interval = (
      driver: number,
      gap: OpenF1Interval["gap_to_leader"],
      ahead: OpenF1Interval["interval"],
    ): OpenF1Interval => ({
      ...keys,
      driver_number: driver,
      date: "2024-09-22T12:10:00.123000+00:00",
      gap_to_leader: gap,
      interval: ahead,
    });
    const ctx = context();
    const rows = toIntervalRows(
      [
        interval(4, null, null),
        interval(1, 1.234, 1.234),
        interval(23, "+1 LAP", 0.8),
        interval(20, "+2 LAPS", "+1 LAP"),
        interval(3, "??", 2),
      ],
      ctx,
    );
    expect(
      rows.map((row) => [row.gap_to_leader_s, row.laps_behind_leader, row.interval_s, row.laps_behind_ahead]),
    ).toEqual([
      [null, null, null, null],
      [1.234, null, 1.234, null],
      [null, 1, 0.8, null],
      [null, 2, null, 1],
      [null, null, 2, null],
    ]);
    expect(rows[0]!.date).toBe(Date.UTC(2024, 8, 22, 12, 10, 0, 123));
    expect(ctx.problems).toHaveLength(1);
    expect(ctx.problems[0]!.message).toMatch(/driver 3 .*gap_to_leader "\?\?"/);
  });
});
