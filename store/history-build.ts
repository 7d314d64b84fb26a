import {readErgastCsv} from "../sources/ergast-csv/index.js";
import {createHttpFromSettings} from "../sources/http/index.js";
import {createJolpicaClient} from "../sources/jolpica/index.js";
import {readLapCharts} from "../sources/lapcharts/index.js";
import type {Settings} from "../sources/settings.js";
import {emptyHistoryTables, historyTables, type HistoryTables} from "../src/sport/history-tables.js";
import {formatProblem, type Problem} from "../src/sport/problems.js";
import type {HistoryPlan} from "./history-set.js";
import type {TableSet} from "./table-store.js";

/** Builds every history table under the plan, with the reason for each table left empty. */
export async function buildHistory(plan: HistoryPlan, settings: Settings): Promise<TableSet> {
  const problems: Problem[] = [];
  let tables: HistoryTables;
  const absent: Record<string, string> = {};
  if (plan.origin === "ergast-csv") {
    const read = await readErgastCsv(plan.ergastFolder!);
    tables = read.tables;
    problems.push(...read.problems);
    absent.lap_times = "The Ergast CSV dump has no lap times.";
  } else {
    const http = await createHttpFromSettings(settings);
    const client = createJolpicaClient({http, onProblem: (problem) => problems.push(problem)});
    tables = emptyHistoryTables();
    for (const year of plan.seasons) {
      const season = await client.getSeasonHistory(year, {pitStops: true});
      for (const key of Object.keys(tables) as (keyof HistoryTables)[]) {
        (tables[key] as unknown[]).push(...season[key]);
      }
    }
    absent.lap_times = "Lap times are not fetched from Jolpica by default (about 11 requests a race).";
  }
  if (plan.lapChartsFolder) {
    const charts = await readLapCharts(plan.lapChartsFolder);
    tables.lap_chart = charts.rows;
    problems.push(...charts.problems);
  } else {
    absent.lap_chart = "No lapcharts/ folder in the mirror.";
  }
  for (const spec of historyTables) {
    if (tables[spec.name].length === 0 && absent[spec.name] == null) {
      absent[spec.name] =
        `The ${plan.origin === "ergast-csv" ? "Ergast CSV dump" : "Jolpica API"} returned no rows.`;
    }
  }
  return {
    tables: new Map(historyTables.map((spec) => [spec, tables[spec.name]])),
    absent,
    problems: problems.map(formatProblem),
  };
}
