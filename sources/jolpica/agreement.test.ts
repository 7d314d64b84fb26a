import {existsSync} from "node:fs";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import type {QualifyingRow, ResultRow} from "../../src/sport/history-tables.js";
import {parseLapTime} from "../../src/sport/lap-time.js";
import {readErgastCsv, type ErgastCsvHistory} from "../ergast-csv/index.js";
import {createHttp, HttpError} from "../http/index.js";
import {readSettings} from "../settings.js";
import {createJolpicaClient, type JolpicaClient} from "./client.js";

const dataDir = readSettings().mirror ?? "../shared/data";

// Rounds both sources hold: the CSV dump (1950 to 2025 round 18) and the recorded Jolpica answers.
const raceRounds = [
  [2018, 4],
  [2020, 7],
  [2020, 8],
  [2020, 12],
  [2021, 1],
  [2021, 10],
  [2021, 14],
  [2021, 21],
  [2022, 1],
  [2022, 2],
  [2022, 10],
  [2023, 1],
  [2023, 5],
  [2024, 2],
  [2024, 12],
  [2025, 1],
  [2025, 4],
  [2025, 12],
  [2025, 16],
] as const;
const sprintRounds = [
  [2023, 4],
  [2025, 6],
] as const;
const qualifyingRounds = [
  [2019, 14],
  [2021, 18],
  [2022, 2],
  [2023, 4],
  [2024, 10],
] as const;

/**
 * Where the two sources publish different values for the same result: errors in one or the other, kept as
 * each source has them. Anything not listed here must agree.
 */
const knownDifferences = [
  "results 2021/21 max_verstappen duration_ms: jolpica 7586943, csv 7596943",
  "results 2022/10 vettel duration_ms: jolpica 8292666, csv 8292667",
  "results 2024/12 perez grid: jolpica 20, csv 0",
  "results 2024/2 norris fastest_lap: jolpica 40, csv 1",
  "results 2024/2 piastri fastest_lap: jolpica 45, csv 1",
  "results 2024/2 sargeant fastest_lap: jolpica 49, csv 44",
  "results 2024/2 sargeant fastest_lap_rank: jolpica 15, csv 18",
  "results 2024/2 sargeant fastest_lap_time_s: jolpica 93.026, csv 93.523",
  "results 2024/2 tsunoda fastest_lap: jolpica 44, csv 49",
  "results 2024/2 tsunoda fastest_lap_rank: jolpica 18, csv 15",
  "results 2024/2 tsunoda fastest_lap_time_s: jolpica 93.523, csv 93.026",
  "sprint 2023/4 sargeant position_text: jolpica R, csv W",
  "qualifying 2023/4 de_vries q1_s: jolpica 115.282, csv null",
];

/**
 * Columns compared as text differ by design:
 * - `status`: the CSV names causes ("+1 Lap", "Gearbox"); Jolpica now says "Lapped", "Retired", "Did not start".
 * - `time_text`: the CSV writes gaps in seconds ("+72.647"), Jolpica in minutes ("+1:12.647"), and Jolpica gives
 *   lapped cars a gap too; they are compared as seconds where the CSV has one.
 */
const comparedApart = new Set(["status", "time_text"]);

type Row = ResultRow | QualifyingRow;

function differences(kind: string, fromApi: readonly Row[], fromCsv: readonly Row[]): string[] {
  const csvByDriver = new Map(fromCsv.map((row) => [row.driver_ref, row as Record<string, unknown>]));
  expect([...csvByDriver.keys()].sort()).toEqual(fromApi.map((row) => row.driver_ref).sort());
  return fromApi.flatMap((api) => {
    const csv = csvByDriver.get(api.driver_ref)!;
    return Object.entries(api)
      .filter(([column, value]) => !comparedApart.has(column) && csv[column] !== value)
      .map(
        ([column, value]) =>
          `${kind} ${api.year}/${api.round} ${api.driver_ref} ${column}: jolpica ${value}, csv ${csv[column]}`,
      );
  });
}

describe.runIf(existsSync(join(dataDir, "urls.tsv")))("Jolpica (mirror mode) and the Ergast CSV dump", () => {
  let csv: ErgastCsvHistory;
  let jolpica: JolpicaClient;
  beforeAll(async () => {
    csv = await readErgastCsv(join(dataDir, "ergast-csv"));
    jolpica = createJolpicaClient({http: await createHttp({mirror: dataDir})});
  });

  const csvRows = <T extends {year: number; round: number}>(rows: T[], year: number, round: number) =>
    rows.filter((row) => row.year === year && row.round === round);

  it("agree on every result, sprint and qualifying row both hold, but for known errors", async () => {
    const found: string[] = [];
    let compared = 0;
    for (const [year, round] of raceRounds) {
      const fromApi = await jolpica.getResults(year, round);
      found.push(...differences("results", fromApi, csvRows(csv.tables.results, year, round)));
      compared += fromApi.length;
    }
    for (const [year, round] of sprintRounds) {
      const fromApi = await jolpica.getSprintResults(year, round);
      found.push(...differences("sprint", fromApi, csvRows(csv.tables.sprint_results, year, round)));
      compared += fromApi.length;
    }
    for (const [year, round] of qualifyingRounds) {
      const fromApi = await jolpica.getQualifying(year, round);
      found.push(...differences("qualifying", fromApi, csvRows(csv.tables.qualifying, year, round)));
      compared += fromApi.length;
    }
    expect(compared).toBe(20 * (raceRounds.length + sprintRounds.length + qualifyingRounds.length));
    expect(found.sort()).toEqual([...knownDifferences].sort());
  });

  it("agree on race times and gaps, read as seconds", async () => {
    for (const [year, round] of raceRounds) {
      const fromApi = new Map((await jolpica.getResults(year, round)).map((row) => [row.driver_ref, row]));
      for (const row of csvRows(csv.tables.results, year, round)) {
        const key = `results ${year}/${round} ${row.driver_ref} duration_ms`;
        if (row.time_text === null || knownDifferences.some((known) => known.startsWith(key))) continue;
        expect(
          parseLapTime(fromApi.get(row.driver_ref)!.time_text),
          `${year}/${round} ${row.driver_ref}`,
        ).toBe(parseLapTime(row.time_text));
      }
    }
  });

  it("agree on the 2023 schedule", async () => {
    const pick = ({round, race_name, circuit_ref, date, date_start}: ResultRowOfRaces) => ({
      round,
      race_name,
      circuit_ref,
      date,
      date_start,
    });
    const fromCsv = csv.tables.races.filter((race) => race.year === 2023);
    expect((await jolpica.getRaces(2023)).map(pick)).toEqual(fromCsv.map(pick));
  });
});

type ResultRowOfRaces = ErgastCsvHistory["tables"]["races"][number];

describe.runIf(existsSync(join(dataDir, "urls.tsv")))("Jolpica in mirror mode", () => {
  it("answers a recorded URL offline, and names one the mirror lacks", async () => {
    const jolpica = createJolpicaClient({http: await createHttp({mirror: dataDir})});
    const results = await jolpica.getResults(2025, 12);
    expect(results).toHaveLength(20);
    expect(results[0]).toMatchObject({year: 2025, round: 12, position: 1, driver_ref: "norris"});
    const error = await jolpica.getResults(2025, 13).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).kind).toBe("not-mirrored");
    expect((error as HttpError).message).toContain("https://api.jolpi.ca/ergast/f1/2025/13/results.json");
  });
});
