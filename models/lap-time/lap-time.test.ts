import {describe, expect, it} from "vitest";
import type {LapRow, TrackStatusRow} from "../../src/sport/session-tables.js";
import {LAP_TIME_FEATURE_NAMES, toLapTimeRows, trackStatusDuring} from "./features.js";
import {estimatePitWindow, pitLossAt, rejoinPosition} from "./pit-window.js";
import {fitLapTime, LAP_TIME_SETTINGS, predictLapTime, toLapTimeOnnx} from "./train.js";
import {openOnnxSession, runOnnx} from "../shared/onnx-runtime.js";

/** A synthetic stint: 80 s base, +0.1 s per lap of tyre age, a pit-out lap and a slow cool-down lap. */
function stint(driver: number, laps: number, compound: string): LapRow[] {
  return Array.from({length: laps}, (_, index) => {
    const lap = index + 2;
    const cool = lap === 6;
    return {
      session_key: 1,
      driver_number: driver,
      lap_number: lap,
      date_start: null,
      session_time_s: lap * 90,
      lap_duration: cool ? 110 : 80 + 0.1 * index + (driver % 3) * 0.01,
      duration_sector_1: null,
      duration_sector_2: null,
      duration_sector_3: null,
      i1_speed: null,
      i2_speed: null,
      fl_speed: null,
      st_speed: null,
      is_pit_out_lap: index === 0,
      is_pit_in_lap: false,
      is_personal_best: null,
      position: null,
      gap_to_leader_s: null,
      qualifying_part: null,
      stint_number: 1,
      compound,
      tyre_age_laps: index + 1,
    };
  });
}

describe("lap-time features", () => {
  it("keep clean laps on the same set as references, drop cool-down and out-laps, and read track status", () => {
    const status: TrackStatusRow[] = [
      {session_key: 1, date: null, session_time_s: 0, status: "1", message: "AllClear"},
      {session_key: 1, date: null, session_time_s: 1000, status: "2", message: "Yellow"},
      {session_key: 1, date: null, session_time_s: 1100, status: "1", message: "AllClear"},
    ];
    expect(trackStatusDuring(status, 950, 1050)).toBe("2");
    expect(trackStatusDuring(status, 1150, 1240)).toBe("1");
    const rows = toLapTimeRows("s", 2024, stint(1, 20, "MEDIUM"), status);
    expect(rows.every((row) => row.features.length === LAP_TIME_FEATURE_NAMES.length)).toBe(true);
    expect(rows.find((row) => row.lap_number === 6)?.clean).toBe(false);
    expect(rows.find((row) => row.lap_number === 12)?.trackStatus).toBe("2");
    expect(rows.some((row) => row.lap_number === 2)).toBe(false);
  });

  it("learns degradation, matches ONNX Runtime, and gives a pit window and rejoin positions", async () => {
    const laps = [1, 2, 3, 4].flatMap((driver) => stint(driver, 25, driver % 2 ? "MEDIUM" : "HARD"));
    const rows = toLapTimeRows("s", 2024, laps, []);
    const weights = await fitLapTime(
      rows.filter((row) => row.clean),
      {...LAP_TIME_SETTINGS, iterations: 600, learningRate: 0.001},
    );
    // 0.1 s a lap on ~80 s is 0.125 % a lap, shared between the age and fuel columns (always equal in a stint).
    const perLap =
      weights[LAP_TIME_FEATURE_NAMES.indexOf("age_medium")]! +
      weights[LAP_TIME_FEATURE_NAMES.indexOf("laps_run")]!;
    expect(perLap).toBeGreaterThan(0.0008);
    const expected = await predictLapTime(weights, rows);
    const session = await openOnnxSession(toLapTimeOnnx(weights));
    const actual = await runOnnx(session, {
      features: [
        Float32Array.from(rows.flatMap((row) => row.features)),
        [rows.length, LAP_TIME_FEATURE_NAMES.length],
      ],
      reference_s: [Float32Array.from(rows.map((row) => row.reference_s)), [rows.length]],
    });
    actual.lap_time_s!.forEach((value, index) =>
      expect(Math.abs(value - expected[index]!)).toBeLessThan(1e-3),
    );
    const predict = async (features: number[][], reference: number[]) => {
      const out = await runOnnx(session, {
        features: [Float32Array.from(features.flat()), [features.length, LAP_TIME_FEATURE_NAMES.length]],
        reference_s: [Float32Array.from(reference), [reference.length]],
      });
      return Array.from(out.lap_time_s!);
    };
    const window = await estimatePitWindow(
      {compound: "MEDIUM", tyreAge: 10, lap: 10, totalLaps: 50, referenceS: 81, pitLossS: 22},
      predict,
    );
    expect(window?.nextCompound).toBe("HARD");
    expect(window!.window[0]).toBeLessThanOrEqual(window!.bestLap);
    expect(window!.bestLap).toBeGreaterThan(10);
    expect(window!.totals).toHaveLength(39);
    await session.release();
    expect(rejoinPosition(5, 22, [0, 3, 20, 26.5, 40])).toBe(5);
    expect(pitLossAt("nowhere", {races: [], pit_stops: []})).toBe(22);
  });
});
