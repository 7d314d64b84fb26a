import {describe, expect, it} from "vitest";
import {lapsTable, type IntervalRow, type LapRow, type StintRow} from "../../src/sport/session-tables.js";
import {addLapGaps, addLapPositions, addLapStints} from "./add-lap-context.js";

const t0 = Date.UTC(2024, 8, 22, 12, 0);
const blank = Object.fromEntries(Object.keys(lapsTable.columns).map((column) => [column, null]));

function lap(driver: number, number: number, startS: number | null, durationS: number | null): LapRow {
  return {
    ...blank,
    session_key: 1,
    driver_number: driver,
    lap_number: number,
    date_start: startS == null ? null : t0 + startS * 1000,
    lap_duration: durationS,
  } as LapRow;
}

describe("addLapPositions", () => {
  it("takes the last position at or before the lap's end, falling back to the next lap's start", () => {
    const laps = [lap(1, 1, 0, null), lap(1, 2, 100, 90), lap(1, 3, 190, null), lap(2, 1, 0, 95)];
    const positions = [
      {session_key: 1, date: t0 + 50_000, session_time_s: null, driver_number: 1, position: 3},
      {session_key: 1, date: t0 + 100_000, session_time_s: null, driver_number: 1, position: 2},
      {session_key: 1, date: t0 + 191_000, session_time_s: null, driver_number: 1, position: 1},
    ];
    // Lap 1 ends when lap 2 starts (100 s); lap 2 at 190 s; lap 3 has no end; car 2 has no positions.
    expect(addLapPositions(laps, positions).map((row) => row.position)).toEqual([2, 2, null, null]);
  });
});

describe("addLapGaps", () => {
  it("takes the last gap sample before the lap's end", () => {
    const interval = (s: number, gap: number | null): IntervalRow => ({
      session_key: 1,
      date: t0 + s * 1000,
      session_time_s: null,
      driver_number: 1,
      gap_to_leader_s: gap,
      laps_behind_leader: gap == null ? 1 : null,
      interval_s: null,
      laps_behind_ahead: null,
    });
    const laps = [lap(1, 2, 100, 90), lap(1, 3, 190, 90)];
    expect(
      addLapGaps(laps, [interval(150, 1.5), interval(186, 1.9), interval(200, 2.5), interval(279, null)]).map(
        (row) => row.gap_to_leader_s,
      ),
    ).toEqual([1.9, 2.5]);
  });
});

describe("addLapStints", () => {
  it("sets the stint, compound and tyre age at the end of each lap, including an open current stint", () => {
    const stint = (
      number: number,
      start: number,
      end: number | null,
      compound: string,
      age: number,
    ): StintRow => ({
      session_key: 1,
      driver_number: 1,
      stint_number: number,
      lap_start: start,
      lap_end: end,
      compound,
      is_new: age === 0,
      tyre_age_at_start: age,
    });
    const laps = [
      lap(1, 1, 0, null),
      lap(1, 20, 0, 90),
      lap(1, 21, 0, 90),
      lap(1, 30, 0, 90),
      lap(2, 1, 0, 90),
    ];
    const rows = addLapStints(laps, [stint(1, 1, 20, "MEDIUM", 0), stint(2, 21, null, "HARD", 3)]);
    expect(rows.map((row) => [row.stint_number, row.compound, row.tyre_age_laps])).toEqual([
      [1, "MEDIUM", 1],
      [1, "MEDIUM", 20],
      [2, "HARD", 4],
      [2, "HARD", 13],
      [null, null, null],
    ]);
  });
});
