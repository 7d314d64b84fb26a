import {readdir, readFile} from "node:fs/promises";
import {basename, join} from "node:path";
import type {LapChartRow} from "../../src/sport/history-tables.js";
import type {Problem} from "../../src/sport/problems.js";
import {parseCsv} from "../csv/index.js";
import {readSettings, type Settings} from "../settings.js";

/** Lap-chart rows and what was skipped while reading them. */
export interface LapChartRead {
  rows: LapChartRow[];
  problems: Problem[];
}

/** The race a lap-chart file is about, from its name: `2021_united_states_grand_prix.csv`. */
export interface LapChartName {
  year: number;
  race_slug: string;
}

const FILE_NAME = /^(\d{4})_(.+)\.csv$/;
const LAP_LABEL = /^LAP (\d+)$/;
const CAR_NUMBER = /^\d{1,3}$/;

/** The lap-chart folder inside the mirror (`<mirror>/lapcharts`); throws with advice when no mirror is set. */
export function getLapChartsFolder(settings: Pick<Settings, "mirror"> = readSettings()): string {
  if (settings.mirror === null) {
    throw new Error(
      "Lap charts are read from <mirror>/lapcharts, but no mirror folder is set. " +
        "Set PITWALL_MIRROR (or pitwall.config.json's mirror) to a folder holding lapcharts/.",
    );
  }
  return join(settings.mirror, "lapcharts");
}

/** Year and race slug from a lap-chart file name; null when the name does not follow `<year>_<race>.csv`. */
export function toLapChartName(fileName: string): LapChartName | null {
  // File names may reach us decomposed (NFD) from some file systems; "são_paulo" must match either way.
  const match = FILE_NAME.exec(basename(fileName).normalize("NFC"));
  return match ? {year: Number(match[1]), race_slug: match[2]!} : null;
}

/** Reads every `<year>_<race>.csv` of a folder (defaults to the mirror's lapcharts/), in name order. */
export async function readLapCharts(folder: string = getLapChartsFolder()): Promise<LapChartRead> {
  const names = (await readdir(folder)).filter((name) => name.endsWith(".csv")).sort();
  const all: LapChartRead = {rows: [], problems: []};
  for (const name of names) {
    const {rows, problems} = await readLapChart(join(folder, name));
    all.rows.push(...rows);
    all.problems.push(...problems);
  }
  return all;
}

/** Reads one lap-chart file; its name gives the year and race. */
export async function readLapChart(path: string): Promise<LapChartRead> {
  const name = toLapChartName(path);
  if (!name) {
    return {rows: [], problems: [{source: path, message: "the file name is not <year>_<race>.csv; skipped"}]};
  }
  return parseLapChart(await readFile(path, "utf8"), path, name);
}

/**
 * Parses a lap chart: header `POS,1,2,...`, a `GRID` row of car numbers (lap 0), then `LAP n` rows giving the
 * running order after each lap. Cell i of a row is position i.
 */
export function parseLapChart(text: string, source: string, race: LapChartName): LapChartRead {
  const csv = parseCsv(text, source);
  const problems = [...csv.problems];
  const [label, ...positions] = csv.header;
  // Some headers stop at 19 positions (19 starters); rows are read by column, so that needs nothing special.
  if (label !== "POS" || positions.some((cell, index) => cell !== String(index + 1))) {
    problems.push({
      source,
      line: 1,
      message: `the header is not POS,1,2,... (${csv.header.slice(0, 4).join(",")}...); file skipped`,
    });
    return {rows: [], problems};
  }
  const rows: LapChartRow[] = [];
  const lapsSeen = new Set<number>();
  for (const {line, fields} of csv.records) {
    const lap = toLap(fields[0] ?? "");
    if (lap === null || lapsSeen.has(lap)) {
      const why = lap === null ? `"${fields[0]}" is neither GRID nor LAP n` : `lap ${lap} appears twice`;
      problems.push({source, line, message: `${why}; row skipped`});
      continue;
    }
    lapsSeen.add(lap);
    const placed = new Map<number, number>();
    fields.slice(1).forEach((cell, index) => {
      const position = index + 1;
      // Cells are empty once cars retire (the row ends early) and, now and then, mid-row where a car was
      // missing from the source's order: either way there is no car at that position.
      if (cell === "") return;
      if (!CAR_NUMBER.test(cell)) {
        problems.push({
          source,
          line,
          message: `position ${position}: "${cell}" is not a car number; skipped`,
        });
        return;
      }
      const driverNumber = Number(cell);
      const first = placed.get(driverNumber);
      // A few rows list a car twice (2021 US laps 11 and 18, 2024 Japan lap 13, 2024 Monaco laps 48-76).
      if (first !== undefined) {
        problems.push({
          source,
          line,
          message: `car ${driverNumber} is listed at positions ${first} and ${position}; kept position ${first}`,
        });
        return;
      }
      placed.set(driverNumber, position);
      rows.push({year: race.year, race_slug: race.race_slug, lap, position, driver_number: driverNumber});
    });
  }
  return {rows, problems};
}

function toLap(label: string): number | null {
  if (label === "GRID") return 0;
  const match = LAP_LABEL.exec(label);
  return match ? Number(match[1]) : null;
}
