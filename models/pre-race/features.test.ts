import {describe, expect, it} from "vitest";
import type {QualifyingRow, RaceRow, ResultRow} from "../../src/sport/history-tables.js";
import {buildPreRaceRows, isStarter, PRE_RACE_FEATURE_NAMES, toQualifyingGaps} from "./features.js";

const race = (year: number, round: number): RaceRow => ({
  year,
  round,
  race_name: `Race ${round}`,
  circuit_ref: round % 2 ? "monza" : "spa",
  date: `${year}-0${round}-01`,
  date_start: null,
  qualifying_start: null,
  sprint_start: null,
  url: null,
});

function result(
  year: number,
  round: number,
  driver: string,
  grid: number,
  position: number | null,
  status = "Finished",
): ResultRow {
  return {
    year,
    round,
    driver_ref: driver,
    constructor_ref: driver === "a" || driver === "b" ? "fast" : "slow",
    driver_number: driver.charCodeAt(0),
    grid,
    position,
    position_text: position == null ? "R" : String(position),
    position_order: position ?? 9,
    points: position === 1 ? 25 : position === 2 ? 18 : 0,
    laps: 50,
    time_text: null,
    duration_ms: null,
    fastest_lap: null,
    fastest_lap_rank: null,
    fastest_lap_time_s: null,
    status,
  };
}

const index = (name: string) => PRE_RACE_FEATURE_NAMES.indexOf(name as never);

describe("pre-race features", () => {
  it("uses only races before the one predicted, and tracks form, circuit history and reliability", () => {
    const races = [race(2020, 1), race(2020, 2), race(2020, 3)];
    const results = [1, 2, 3].flatMap((round) => [
      result(2020, round, "a", 1, 1),
      result(2020, round, "b", 2, 2),
      result(2020, round, "c", 3, null, "Engine"),
      result(2020, round, "d", 0, 3),
    ]);
    const {rows} = buildPreRaceRows({races, results, qualifying: []}, 2020);
    expect(rows).toHaveLength(12);
    const first = rows.filter((row) => row.round === 1);
    // Round 1: nobody has form yet, so every driver's form features are the same prior.
    expect(new Set(first.map((row) => row.features[index("driver_win_rate")])).size).toBe(1);
    const third = Object.fromEntries(
      rows.filter((row) => row.round === 3).map((row) => [row.driver_ref, row.features]),
    );
    expect(third.a![index("driver_win_rate")]).toBeGreaterThan(third.b![index("driver_win_rate")]!);
    expect(third.c![index("constructor_mech_dnf_rate")]).toBeGreaterThan(
      third.a![index("constructor_mech_dnf_rate")]!,
    );
    // Monza (rounds 1 and 3): "a" won there in round 1.
    expect(third.a![index("circuit_driver_wins_log")]).toBeCloseTo(Math.log(2));
    // A pit-lane start (grid 0) counts as the back of the grid.
    expect(third.d![index("grid_log")]).toBeCloseTo(Math.log(4));
    expect(third.a![index("championship_share")]).toBe(1);
    expect(rows.filter((row) => row.win === 1).every((row) => row.driver_ref === "a")).toBe(true);
    expect(rows.every((row) => row.features.length === PRE_RACE_FEATURE_NAMES.length)).toBe(true);
  });

  it("measures the qualifying gap in the last part each driver ran", () => {
    const q = (driver: string, q1: number | null, q2: number | null, q3: number | null): QualifyingRow => ({
      year: 2024,
      round: 1,
      driver_ref: driver,
      constructor_ref: "x",
      driver_number: 1,
      position: 1,
      q1_s: q1,
      q2_s: q2,
      q3_s: q3,
    });
    const gaps = toQualifyingGaps([
      q("pole", 80, 79, 78),
      q("p2", 80.5, 79.5, 78.78),
      q("out", 81, null, null),
      q("none", null, null, null),
    ]);
    expect(gaps.get("pole")).toBe(0);
    expect(gaps.get("p2")).toBeCloseTo(1, 6);
    expect(gaps.get("out")).toBeCloseTo((81 / 80 - 1) * 100, 6);
    expect(gaps.has("none")).toBe(false);
  });

  it("leaves out entries that never started", () => {
    expect(isStarter(result(2020, 1, "a", 0, null, "Did not qualify"))).toBe(false);
    expect(isStarter({...result(2020, 1, "a", 5, null, "Withdrew"), laps: 0})).toBe(false);
    expect(isStarter({...result(2020, 1, "a", 0, 10), laps: 50})).toBe(true);
  });
});
