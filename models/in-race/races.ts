import type {HistoryTables, LapChartRow, ResultRow} from "../../src/sport/history-tables.js";
import type {LapRow} from "../../src/sport/session-tables.js";
import type {Problem} from "../../src/sport/problems.js";
import {IN_RACE_FEATURES, toInRaceFeatures} from "./features.js";

// Races as the in-race model sees them: the running order after every lap, joined with the result (winner,
// grid, distance). Lap charts are the training data; a session's own laps table gives the same shape for
// races the charts do not cover.

/** One race's running order lap by lap, with what the result says. */
export interface RaceLaps {
  year: number;
  round: number;
  race_name: string;
  /** "lap chart" or "live-timing archive". */
  source: string;
  totalLaps: number;
  winner: number;
  grid: Map<number, number>;
  /** Pre-race win probability by car number (out-of-sample where it came from a season fold). */
  preRaceWin: Map<number, number>;
  /** Running order (car numbers, leader first) after each lap; lap 0 is the grid. */
  orders: Map<number, number[]>;
}

/** One driver after one lap: a feature row of a (race, lap) group. */
export interface InRaceRow {
  group: string;
  year: number;
  lap: number;
  totalLaps: number;
  position: number;
  driver_number: number;
  features: number[];
  win: number;
}

/** A race name as lap charts spell it: "São Paulo Grand Prix" → "são_paulo_grand_prix". */
export function toRaceSlug(name: string): string {
  return name
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * Joins lap charts to the results of their races (by year and slugified race name). A chart whose race, winner
 * or cars cannot be matched is skipped and reported.
 */
export function joinLapCharts(
  chart: readonly LapChartRow[],
  history: Pick<HistoryTables, "races" | "results">,
  preRaceWin: (year: number, round: number, driverRef: string) => number | undefined,
): {races: RaceLaps[]; problems: Problem[]} {
  const problems: Problem[] = [];
  const bySlug = new Map(
    history.races.map((race) => [`${race.year}/${toRaceSlug(race.race_name ?? "")}`, race]),
  );
  const resultsByRace = new Map<string, ResultRow[]>();
  for (const result of history.results) {
    const key = `${result.year}/${result.round}`;
    resultsByRace.set(key, [...(resultsByRace.get(key) ?? []), result]);
  }
  const charts = new Map<string, LapChartRow[]>();
  for (const row of chart) {
    const key = `${row.year}/${row.race_slug}`;
    charts.set(key, [...(charts.get(key) ?? []), row]);
  }
  const races: RaceLaps[] = [];
  for (const [key, rows] of charts) {
    const race = bySlug.get(key);
    const results = race ? (resultsByRace.get(`${race.year}/${race.round}`) ?? []) : [];
    const winner = results.find((result) => result.position === 1);
    if (!race || !winner || winner.driver_number == null || winner.laps == null) {
      problems.push({source: `lap chart ${key}`, message: "no race with a winner in the history; skipped"});
      continue;
    }
    const orders = new Map<number, number[]>();
    for (const row of [...rows].sort((a, b) => a.lap - b.lap || a.position - b.position)) {
      if (row.driver_number == null) continue;
      const order = orders.get(row.lap) ?? [];
      order.push(row.driver_number);
      orders.set(row.lap, order);
    }
    const known = new Set(results.map((result) => result.driver_number));
    const strangers = [...new Set(orders.get(0) ?? [])].filter((car) => !known.has(car));
    if (strangers.length > 0) {
      problems.push({
        source: `lap chart ${key}`,
        message: `cars ${strangers} are not in the result; skipped`,
      });
      continue;
    }
    races.push({
      year: race.year,
      round: race.round,
      race_name: race.race_name ?? key,
      source: "lap chart",
      totalLaps: winner.laps,
      winner: winner.driver_number,
      grid: gridOf(results),
      preRaceWin: preRaceOf(results, (ref) => preRaceWin(race.year, race.round, ref)),
      orders,
    });
  }
  return {races: races.sort((a, b) => a.year - b.year || a.round - b.round), problems};
}

/** A race from a session's laps table (running position after each lap) and its result rows. */
export function toRaceLapsFromSession(
  laps: readonly LapRow[],
  results: readonly ResultRow[],
  race: {year: number; round: number; race_name: string},
  preRaceWin: Map<number, number> = new Map(),
): RaceLaps | null {
  const winner = results.find((result) => result.position === 1);
  if (!winner?.driver_number || winner.laps == null) return null;
  const grid = gridOf(results);
  const orders = new Map<number, number[]>([[0, [...grid].sort((a, b) => a[1] - b[1]).map(([car]) => car)]]);
  const byLap = new Map<number, LapRow[]>();
  for (const lap of laps) {
    if (lap.position == null) continue;
    byLap.set(lap.lap_number, [...(byLap.get(lap.lap_number) ?? []), lap]);
  }
  for (const [lap, rows] of byLap) {
    orders.set(
      lap,
      rows.sort((a, b) => a.position! - b.position!).map((row) => row.driver_number),
    );
  }
  return {
    ...race,
    source: "live-timing archive",
    totalLaps: winner.laps,
    winner: winner.driver_number,
    grid,
    preRaceWin,
    orders,
  };
}

/** Feature rows of every lap from the grid to the last lap before the flag. */
export function toInRaceRows(races: readonly RaceLaps[]): InRaceRow[] {
  const rows: InRaceRow[] = [];
  for (const race of races) {
    for (let lap = 0; lap < race.totalLaps; lap++) {
      const order = race.orders.get(lap);
      // Laps where the winner is missing from the order (a gap in the chart) say nothing about who wins.
      if (!order || !order.includes(race.winner)) continue;
      const group = `${race.year}/${race.round}/${lap}`;
      for (const [index, row] of toInRaceFeatures({...race, lap, order}).entries()) {
        rows.push({
          group,
          year: race.year,
          lap,
          totalLaps: race.totalLaps,
          position: index + 1,
          driver_number: row.driver_number,
          features: row.features,
          win: row.driver_number === race.winner ? 1 : 0,
        });
      }
    }
  }
  return rows;
}

export const IN_RACE_FEATURE_COUNT = IN_RACE_FEATURES.length;

function gridOf(results: readonly ResultRow[]): Map<number, number> {
  const grid = new Map<number, number>();
  const size = results.length;
  for (const result of results) {
    if (result.driver_number == null) continue;
    grid.set(result.driver_number, result.grid && result.grid > 0 ? result.grid : size);
  }
  return grid;
}

function preRaceOf(
  results: readonly ResultRow[],
  lookup: (driverRef: string) => number | undefined,
): Map<number, number> {
  const map = new Map<number, number>();
  for (const result of results) {
    const p = lookup(result.driver_ref);
    if (p !== undefined && result.driver_number != null) map.set(result.driver_number, p);
  }
  return map;
}
