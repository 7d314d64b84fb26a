import {describe, expect, it} from "vitest";
import {lapsTable, type LapRow} from "../../src/sport/session-tables.js";
import {toClassificationRows, toDriverRows, toSessionId, toSessionType} from "./map-session.js";
import type {OpenF1Driver, OpenF1SessionResult} from "./types.js";
import type {MapContext} from "./values.js";

const keys = {session_key: 5, meeting_key: 2};
const context = (): MapContext => ({sessionKey: 5, source: "x", problems: []});

describe("toSessionType and toSessionId", () => {
  it("classes sprints as races and sprint qualifying as qualifying", () => {
    expect(toSessionType("Race", "Sprint")).toBe("Race");
    expect(toSessionType("Sprint Qualifying", "Sprint Qualifying")).toBe("Qualifying");
    expect(toSessionType("Qualifying", "Sprint Shootout")).toBe("Qualifying");
    expect(toSessionType("Practice", "Practice 1")).toBe("Practice");
  });

  it("gives the id the live-timing archive path gives", () => {
    expect(toSessionId(2025, "Mexico City Grand Prix", "Qualifying")).toBe(
      "2025-mexico-city-grand-prix-qualifying",
    );
    expect(toSessionId(2024, "São Paulo Grand Prix", "Sprint Qualifying")).toBe(
      "2024-sao-paulo-grand-prix-sprint-qualifying",
    );
  });
});

describe("toDriverRows", () => {
  it("keeps one row per car, normalises colours and reports repeats", () => {
    const driver: OpenF1Driver = {
      ...keys,
      driver_number: 10,
      broadcast_name: "P GASLY",
      full_name: "Pierre GASLY",
      first_name: "Pierre",
      last_name: "Gasly",
      name_acronym: "GAS",
      team_name: "Alpine",
      team_colour: "#0093cc",
      headshot_url: null,
      country_code: null,
    };
    const ctx = context();
    const rows = toDriverRows([driver, {...driver, team_colour: "nonsense"}], ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.team_colour).toBeNull();
    expect(toDriverRows([driver], context())[0]!.team_colour).toBe("0093CC");
    expect(ctx.problems[0]!.message).toMatch(/driver 10 is listed more than once/);
  });
});

describe("toClassificationRows", () => {
  const result = (driver: number, extra: Partial<OpenF1SessionResult>): OpenF1SessionResult => ({
    ...keys,
    driver_number: driver,
    position: null,
    number_of_laps: null,
    dnf: false,
    dns: false,
    dsq: false,
    duration: null,
    gap_to_leader: null,
    ...extra,
  });
  const lap = (driver: number, duration: number | null) =>
    ({
      ...Object.fromEntries(Object.keys(lapsTable.columns).map((c) => [c, null])),
      session_key: 5,
      driver_number: driver,
      lap_number: 1,
      lap_duration: duration,
    }) as LapRow;

  it("reads a race: total time, gaps in seconds or laps, statuses, best laps from the laps", () => {
    const rows = toClassificationRows(
      [
        result(4, {position: 1, number_of_laps: 62, duration: 6000.1, gap_to_leader: 0}),
        result(1, {position: 2, number_of_laps: 62, duration: 6020.9, gap_to_leader: 20.8}),
        result(23, {position: 3, number_of_laps: 61, gap_to_leader: "+1 LAP"}),
        result(20, {position: 19, number_of_laps: 57, dnf: true}),
        result(2, {dns: true}),
        result(3, {position: 20, dsq: true}),
      ],
      "Race",
      [lap(4, 95.1), lap(4, 94.8), lap(1, null), lap(1, 96)],
      context(),
    );
    expect(
      rows.map((row) => [
        row.driver_number,
        row.status,
        row.gap_to_leader_s,
        row.laps_behind_leader,
        row.best_lap_duration,
      ]),
    ).toEqual([
      [4, "Finished", 0, null, 94.8],
      [1, "Finished", 20.8, null, 96],
      [23, "Finished", null, 1, null],
      [20, "Retired", null, null, null],
      [2, "Did not start", null, null, null],
      [3, "Disqualified", null, null, null],
    ]);
  });

  it("reads qualifying's [Q1, Q2, Q3] arrays and marks who was knocked out", () => {
    const rows = toClassificationRows(
      [
        result(16, {position: 1, duration: [90.1, 89.5, 89.0], gap_to_leader: [0.2, 0, 0]}),
        result(22, {position: 14, duration: [90.5, 90.2, null], gap_to_leader: [0.6, 0.7, null]}),
        result(2, {position: 8, duration: [90.3, 90.0, null]}),
      ],
      "Qualifying",
      null,
      context(),
    );
    expect(
      rows.map((row) => [
        row.q1_duration,
        row.q2_duration,
        row.q3_duration,
        row.best_lap_duration,
        row.status,
        row.gap_to_leader_s,
      ]),
    ).toEqual([
      [90.1, 89.5, 89.0, 89.0, "Finished", null],
      [90.5, 90.2, null, 90.2, "Knocked out", null],
      [90.3, 90.0, null, 90.0, "Finished", null],
    ]);
  });
});
