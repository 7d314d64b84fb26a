import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {emptySessionTables, type LapRow, type SessionTables} from "../src/sport/session-tables.js";
import {buildDerivedTables, toLapChartFile} from "./session-derived.js";

const mirror = join(import.meta.dirname, "../../shared/data");

function raceTables(circuitKey: number | null = null, sessionType = "Race"): SessionTables {
  const tables = emptySessionTables();
  tables.session_info.push({
    session_type: sessionType,
    session_key: 9,
    circuit_key: circuitKey,
  } as SessionTables["session_info"][number]);
  return tables;
}

const lap = (driver_number: number, lap_number: number, position: number | null, date_start: number | null) =>
  ({driver_number, lap_number, position, date_start}) as LapRow;

describe("buildDerivedTables", () => {
  it("takes the running order from TimingData, with the grid from positions before the start", async () => {
    const tables = raceTables();
    tables.laps.push(
      lap(1, 1, 2, 10_000),
      lap(4, 1, 1, 10_050),
      lap(1, 2, 1, 100_000),
      lap(4, 2, 2, 100_100),
    );
    tables.positions.push(
      {session_key: 9, date: 1_000, session_time_s: 1, driver_number: 1, position: 2},
      {session_key: 9, date: 2_000, session_time_s: 2, driver_number: 1, position: 1},
      {session_key: 9, date: 2_000, session_time_s: 2, driver_number: 4, position: 2},
      {session_key: 9, date: 50_000, session_time_s: 50, driver_number: 4, position: 1},
    );
    const derived = await buildDerivedTables(
      {year: 2025, meeting_name: "Miami Grand Prix", session_name: "Sprint"},
      tables,
      {mirror},
    );
    expect(
      derived.lap_chart.map((row) => [row.lap_number, row.position, row.driver_number, row.source]),
    ).toEqual([
      [0, 1, 1, "TimingData"],
      [0, 2, 4, "TimingData"],
      [1, 1, 4, "TimingData"],
      [1, 2, 1, "TimingData"],
      [2, 1, 1, "TimingData"],
      [2, 2, 4, "TimingData"],
    ]);
    expect(derived.absent.lap_chart).toBeUndefined();
  });

  it("falls back to the lap-chart archive for a grand prix without TimingData", async () => {
    const derived = await buildDerivedTables(
      {year: 2023, meeting_name: "British Grand Prix", session_name: "Race"},
      raceTables(),
      {mirror},
    );
    expect(derived.lap_chart.length).toBeGreaterThan(50 * 15);
    expect(new Set(derived.lap_chart.map((row) => row.source))).toEqual(new Set(["lapcharts"]));
    expect(derived.lap_chart.filter((row) => row.lap_number === 0)).toHaveLength(20);
  });

  it("says why there is no lap chart", async () => {
    const sprint = await buildDerivedTables(
      {year: 2025, meeting_name: "Chinese Grand Prix", session_name: "Sprint"},
      raceTables(),
      {mirror},
    );
    expect(sprint.absent.lap_chart).toContain("2025_chinese_grand_prix.csv");
    const qualifying = raceTables(null, "Qualifying");
    const derived = await buildDerivedTables(
      {year: 2025, meeting_name: "Mexico City Grand Prix", session_name: "Qualifying"},
      qualifying,
      {mirror},
    );
    expect(derived.absent.lap_chart).toBe(
      "Lap charts are for races and sprints; this session is Qualifying.",
    );
  });

  it("reads the circuit's corners, or says why not", async () => {
    const names = {year: 2019, meeting_name: "Italian Grand Prix", session_name: "Qualifying"};
    const monza = await buildDerivedTables(names, raceTables(39), {mirror});
    expect(monza.circuit_corners.length).toBeGreaterThanOrEqual(11);
    expect(monza.circuit_corners[0]).toMatchObject({
      session_key: 9,
      number: 1,
      letter: "",
      layout_year: 2020,
    });
    expect((await buildDerivedTables(names, raceTables(65), {mirror})).absent.circuit_corners).toContain(
      "circuit 65",
    );
    expect(
      (await buildDerivedTables(names, raceTables(39), {mirror: null})).absent.circuit_corners,
    ).toContain("no mirror");
  });
});

describe("toLapChartFile", () => {
  it("names the file as the archive does, accents kept", () => {
    expect(toLapChartFile({year: 2023, meeting_name: "São Paulo Grand Prix"})).toBe(
      "2023_são_paulo_grand_prix.csv",
    );
  });
});
