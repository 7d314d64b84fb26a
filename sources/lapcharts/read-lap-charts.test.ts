import {existsSync, readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {formatProblem} from "../../src/sport/problems.js";
import {readSettings} from "../settings.js";
import {
  getLapChartsFolder,
  parseLapChart,
  readLapChart,
  readLapCharts,
  toLapChartName,
  type LapChartRead,
} from "./read-lap-charts.js";

const folder = join(readSettings().mirror ?? "../shared/data", "lapcharts");

describe.runIf(existsSync(folder))("readLapCharts on the real archive", () => {
  let all: LapChartRead;
  beforeAll(async () => {
    all = await readLapCharts(folder);
  });

  const rowsOf = (year: number, slug: string) =>
    all.rows.filter((row) => row.year === year && row.race_slug === slug);

  it("reads all 61 races, one row per car and lap, as counted from the raw files", () => {
    const files = readdirSync(folder).filter((name) => name.endsWith(".csv"));
    expect(files).toHaveLength(61);
    let cars = 0;
    for (const file of files) {
      const lines = readFileSync(join(folder, file), "utf8").trim().split("\n").slice(1);
      for (const line of lines)
        cars += new Set(
          line
            .split(",")
            .slice(1)
            .filter((cell) => cell !== ""),
        ).size;
    }
    expect(all.rows).toHaveLength(cars);
    expect(new Set(all.rows.map((row) => `${row.year} ${row.race_slug}`)).size).toBe(61);
  });

  it("never places a car twice in a lap, nor two cars at one position", () => {
    const cars = new Set(all.rows.map((r) => `${r.year} ${r.race_slug} ${r.lap} car ${r.driver_number}`));
    const places = new Set(all.rows.map((r) => `${r.year} ${r.race_slug} ${r.lap} P${r.position}`));
    expect(cars.size).toBe(all.rows.length);
    expect(places.size).toBe(all.rows.length);
  });

  it("keeps the first place of a car listed twice and names each such row", () => {
    const named = all.problems.map(formatProblem);
    expect(named.filter((text) => text.includes("2021_united_states_grand_prix.csv"))).toEqual([
      `${join(folder, "2021_united_states_grand_prix.csv")}:13: car 10 is listed at positions 9 and 13; kept position 9`,
      `${join(folder, "2021_united_states_grand_prix.csv")}:20: car 5 is listed at positions 9 and 16; kept position 9`,
    ]);
    expect(named.filter((text) => text.includes("2024_japanese_grand_prix.csv"))).toHaveLength(1);
    const monaco = all.problems.filter((problem) => problem.source.endsWith("2024_monaco_grand_prix.csv"));
    expect(monaco.map((problem) => problem.line! - 2)).toEqual(
      Array.from({length: 29}, (_, index) => 48 + index),
    );
    expect(all.problems).toHaveLength(32);
    const lap11 = rowsOf(2021, "united_states_grand_prix").filter((row) => row.lap === 11);
    expect(lap11.find((row) => row.driver_number === 10)?.position).toBe(9);
    expect(lap11).toHaveLength(19);
  });

  it("reads the grid as lap 0 and handles 19-position headers", () => {
    const australia = rowsOf(2024, "australian_grand_prix");
    const grid = australia.filter((row) => row.lap === 0);
    expect(grid.map((row) => row.driver_number)).toEqual([
      1, 55, 4, 16, 81, 11, 63, 22, 18, 14, 44, 23, 77, 20, 31, 27, 10, 3, 24,
    ]);
    expect(grid.at(-1)).toEqual({
      year: 2024,
      race_slug: "australian_grand_prix",
      lap: 0,
      position: 19,
      driver_number: 24,
    });
  });

  it("ends a row where cars have retired", () => {
    const lastLap = rowsOf(2021, "united_states_grand_prix").filter((row) => row.lap === 56);
    expect(lastLap.map((row) => row.driver_number)).toEqual([33, 44, 11, 16, 3, 77, 55, 4]);
  });

  it("reads 2021 Spa's single lap", () => {
    const spa = rowsOf(2021, "belgian_grand_prix");
    expect([...new Set(spa.map((row) => row.lap))]).toEqual([0, 1]);
    expect(spa.filter((row) => row.lap === 1)[0]).toMatchObject({position: 1, driver_number: 33});
  });

  it("reads names with accents", () => {
    expect(rowsOf(2023, "são_paulo_grand_prix").length).toBeGreaterThan(1000);
  });
});

describe("parseLapChart on synthetic charts", () => {
  const race = {year: 2030, race_slug: "test_grand_prix"};

  it("reads CRLF charts and skips a bad label, a bad cell and a repeated lap, naming each line", () => {
    const text =
      "POS,1,2,3\r\nGRID,1,44,16\r\nLAP 1,44,x,16\r\nLAP one,1,44,16\r\nLAP 2,44,,1\r\nLAP 2,1,44,16\r\n";
    const {rows, problems} = parseLapChart(text, "t.csv", race);
    expect(rows.map((row) => `${row.lap}:${row.position}:${row.driver_number}`)).toEqual([
      "0:1:1",
      "0:2:44",
      "0:3:16",
      "1:1:44",
      "1:3:16",
      "2:1:44",
      "2:3:1",
    ]);
    expect(problems.map(formatProblem)).toEqual([
      't.csv:3: position 2: "x" is not a car number; skipped',
      't.csv:4: "LAP one" is neither GRID nor LAP n; row skipped',
      "t.csv:6: lap 2 appears twice; row skipped",
    ]);
  });

  it("skips a file whose header is not POS,1,2,...", () => {
    const {rows, problems} = parseLapChart("POS,A,B\nGRID,1,2\n", "t.csv", race);
    expect(rows).toEqual([]);
    expect(problems[0]).toMatchObject({source: "t.csv", line: 1});
    expect(problems[0]!.message).toMatch(/header is not POS,1,2/);
  });

  it("reads year and race from the file name, and refuses other names", async () => {
    expect(toLapChartName("/x/2023_s\u0061\u0303o_paulo_grand_prix.csv")).toEqual({
      year: 2023,
      race_slug: "são_paulo_grand_prix",
    });
    expect(toLapChartName("notes.csv")).toBeNull();
    const {problems} = await readLapChart("/nowhere/notes.csv");
    expect(problems[0]!.message).toMatch(/not <year>_<race>\.csv/);
  });

  it("asks for a mirror folder when none is set", () => {
    expect(() => getLapChartsFolder({mirror: null})).toThrow(/PITWALL_MIRROR/);
  });
});
