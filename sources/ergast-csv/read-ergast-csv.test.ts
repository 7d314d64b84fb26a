import {existsSync, readFileSync} from "node:fs";
import {cp, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {beforeAll, describe, expect, it} from "vitest";
import {formatProblem} from "../../src/sport/problems.js";
import {readSettings} from "../settings.js";
import {getErgastCsvFolder, readErgastCsv, type ErgastCsvHistory} from "./read-ergast-csv.js";

const dump = join(readSettings().mirror ?? "../shared/data", "ergast-csv");
const fixture = fileURLToPath(new URL("./fixtures/corrupt", import.meta.url));

/** Records in a raw file, counted without the parser: the dump has no quoted line breaks. */
function countRawRecords(file: string): number {
  return (
    readFileSync(join(dump, file), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "").length - 1
  );
}

describe.runIf(existsSync(dump))("readErgastCsv on the real dump", () => {
  let history: ErgastCsvHistory;
  beforeAll(async () => {
    history = await readErgastCsv(dump);
  });

  it("keeps every row of every file, and finds nothing malformed", () => {
    const {tables, problems} = history;
    expect(problems.map(formatProblem)).toEqual([]);
    expect(tables.seasons.length).toBe(countRawRecords("seasons.csv"));
    expect(tables.circuits.length).toBe(countRawRecords("circuits.csv"));
    expect(tables.races.length).toBe(countRawRecords("races.csv"));
    expect(tables.drivers.length).toBe(countRawRecords("drivers.csv"));
    expect(tables.constructors.length).toBe(countRawRecords("constructors.csv"));
    expect(tables.results.length).toBe(countRawRecords("results.csv"));
    expect(tables.sprint_results.length).toBe(countRawRecords("sprint_results.csv"));
    expect(tables.qualifying.length).toBe(countRawRecords("qualifying.csv"));
    expect(tables.pit_stops.length).toBe(countRawRecords("pit_stops.csv"));
    expect(tables.driver_standings.length).toBe(countRawRecords("driver_standings.csv"));
    expect(tables.constructor_standings.length).toBe(countRawRecords("constructor_standings.csv"));
    expect(tables.lap_times).toEqual([]);
  });

  it("reads the 2021 Abu Dhabi result, mapping ids to refs and the race to (year, round)", () => {
    const abuDhabi = history.tables.results.filter((row) => row.year === 2021 && row.round === 22);
    expect(abuDhabi).toHaveLength(20);
    expect(abuDhabi[0]).toEqual({
      year: 2021,
      round: 22,
      driver_ref: "max_verstappen",
      constructor_ref: "red_bull",
      driver_number: 33,
      grid: 1,
      position: 1,
      position_text: "1",
      position_order: 1,
      points: 26,
      laps: 58,
      time_text: "1:30:17.345",
      duration_ms: 5417345,
      fastest_lap: 39,
      fastest_lap_rank: 1,
      fastest_lap_time_s: 86.103,
      status: "Finished",
    });
    expect(abuDhabi[1]).toMatchObject({driver_ref: "hamilton", time_text: "+2.256", duration_ms: 5419601});
    // \N becomes null; Mazepin (withdrawn, ill) carries rank 0 for "no fastest lap".
    expect(abuDhabi.find((row) => row.driver_ref === "mazepin")).toMatchObject({
      position: null,
      position_text: "W",
      time_text: null,
      duration_ms: null,
      fastest_lap: null,
      fastest_lap_rank: null,
      fastest_lap_time_s: null,
      status: "Illness",
    });
  });

  it("reads the 2025 races, whose rows in races.csv have 8 columns instead of 18", () => {
    const singapore = history.tables.races.find((race) => race.year === 2025 && race.round === 18);
    expect(singapore).toEqual({
      year: 2025,
      round: 18,
      race_name: "Singapore Grand Prix",
      circuit_ref: "marina_bay",
      date: "2025-10-05",
      date_start: Date.UTC(2025, 9, 5, 12),
      qualifying_start: null,
      sprint_start: null,
      url: "https://en.wikipedia.org/wiki/2025_Singapore_Grand_Prix",
    });
    expect(history.tables.races.filter((race) => race.year === 2025)).toHaveLength(24);
    // The 2025 result rows number retirements; the canonical position is null when not classified.
    const lawson = history.tables.results.find(
      (row) => row.year === 2025 && row.round === 1 && row.driver_ref === "lawson",
    );
    expect(lawson).toMatchObject({position: null, position_text: "R", position_order: 15});
    const winner = history.tables.results.find(
      (row) => row.year === 2025 && row.round === 18 && row.position === 1,
    );
    expect(winner).toMatchObject({driver_ref: "russell", constructor_ref: "mercedes", duration_ms: 6022367});
  });

  it("turns \\N into null and keeps session start times where the dump has them", () => {
    const heidfeld = history.tables.drivers.find((driver) => driver.driver_ref === "heidfeld");
    expect(heidfeld).toMatchObject({permanent_number: null, code: "HEI", date_of_birth: "1977-05-10"});
    const miami2023 = history.tables.races.find((race) => race.year === 2023 && race.round === 5);
    expect(miami2023?.qualifying_start).toBe(Date.UTC(2023, 4, 6, 20));
    const baku2023 = history.tables.races.find((race) => race.year === 2023 && race.round === 4);
    expect(baku2023?.sprint_start).toBe(Date.UTC(2023, 3, 29, 13, 30));
  });

  it("orders seasons and races by time", () => {
    const years = history.tables.seasons.map((season) => season.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(history.tables.races[0]).toMatchObject({year: 1950, round: 1});
  });
});

describe("readErgastCsv on a corrupt dump", () => {
  let history: ErgastCsvHistory;
  beforeAll(async () => {
    history = await readErgastCsv(fixture);
  });

  it("skips each malformed row with its file and line, and keeps the rest", () => {
    const named = history.problems.map(
      (problem) => `${problem.source.slice(fixture.length + 1)}:${problem.line}`,
    );
    expect(named.sort()).toEqual(
      [
        "seasons.csv:3",
        "races.csv:3",
        "races.csv:5",
        "drivers.csv:5",
        "results.csv:5",
        "results.csv:6",
        "results.csv:7",
        "results.csv:8",
        "results.csv:9",
        "qualifying.csv:4",
        "pit_stops.csv:4",
        "constructor_standings.csv:4",
      ].sort(),
    );
    const messages = history.problems.map(formatProblem).join("\n");
    expect(messages).toContain('seasons.csv:3: year "20x1" is not an integer');
    expect(messages).toContain("races.csv:3: circuitId 9 is not in circuits.csv");
    expect(messages).toContain("races.csv:5: 6 fields where the header has 18");
    expect(messages).toContain("results.csv:5: driverId 77 is not in drivers.csv");
    expect(messages).toContain("results.csv:8: statusId 99 is not in status.csv");
    expect(messages).toContain('results.csv:9: fastestLapTime "1:30.0x0" is not a lap time');
    expect(messages).toContain("qualifying.csv:4: raceId 999 is not in races.csv");
    expect(messages).toContain("pit_stops.csv:4: unterminated quoted field");

    const {tables} = history;
    expect(tables.seasons).toHaveLength(1);
    expect(tables.races.map((race) => race.round)).toEqual([22, 24]);
    expect(tables.drivers).toHaveLength(3);
    expect(tables.results.map((row) => row.driver_ref)).toEqual(["max_verstappen", "hamilton", "heidfeld"]);
    expect(tables.sprint_results).toHaveLength(1);
    expect(tables.qualifying).toHaveLength(2);
    expect(tables.pit_stops).toHaveLength(2);
    expect(tables.driver_standings).toHaveLength(2);
    expect(tables.constructor_standings).toHaveLength(2);
  });

  it("reads a BOM, CRLF line ends and quoted fields holding quotes and commas", () => {
    expect(history.tables.circuits).toEqual([
      {
        circuit_ref: "yas_marina",
        circuit_name: "Yas Marina Circuit",
        location: "Abu Dhabi",
        country: "UAE",
        lat: 24.4672,
        lng: 54.6031,
        alt_m: 3,
        url: "http://example.org/yas",
      },
      {
        circuit_ref: "testing",
        circuit_name: 'Circuit "Test", Nowhere',
        location: "Nowhere",
        country: "Utopia",
        lat: null,
        lng: null,
        alt_m: null,
        url: null,
      },
    ]);
  });

  it("takes pit-stop durations from the exact milliseconds column, even past a minute", () => {
    expect(history.tables.pit_stops.map((stop) => stop.duration_s)).toEqual([21.5, 1004.718]);
  });
});

describe("readErgastCsv on an unusable folder", () => {
  it("names the missing file and what the folder must hold", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ergast-"));
    try {
      await expect(readErgastCsv(folder)).rejects.toThrow(
        /Cannot read seasons\.csv \(ENOENT\), .*results\.csv \(ENOENT\).* must hold the Ergast CSV dump/,
      );
    } finally {
      await rm(folder, {recursive: true});
    }
  });

  it("names a column the header lacks", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ergast-"));
    try {
      await cp(fixture, folder, {recursive: true});
      await writeFile(join(folder, "status.csv"), "statusId,label\n1,Finished\n");
      await expect(readErgastCsv(folder)).rejects.toThrow(/status\.csv has no column status/);
    } finally {
      await rm(folder, {recursive: true});
    }
  });

  it("asks for a mirror folder when none is set", () => {
    expect(() => getErgastCsvFolder({mirror: null})).toThrow(/PITWALL_MIRROR/);
    expect(getErgastCsvFolder({mirror: "/data"})).toBe(join("/data", "ergast-csv"));
  });
});
