import type {z} from "zod";
import {
  emptyHistoryTables,
  type CircuitRow,
  type ConstructorRow,
  type ConstructorStandingRow,
  type DriverStandingRow,
  type HistoryDriverRow,
  type HistoryLapTimeRow,
  type HistoryPitStopRow,
  type HistoryTables,
  type QualifyingRow,
  type RaceRow,
  type ResultRow,
  type SeasonRow,
} from "../../src/sport/history-tables.js";
import {formatProblem, type Problem} from "../../src/sport/problems.js";
import {createHttpFromSettings, knownRateLimits, type Http, type RateWindow} from "../http/index.js";
import {
  clearLappedDurations,
  toCircuitRow,
  toConstructorRow,
  toConstructorStandingRow,
  toDriverRow,
  toDriverStandingRow,
  toLapTimeRow,
  toPitStopRow,
  toQualifyingRow,
  toRaceRow,
  toResultRow,
  toSeasonRow,
} from "./map.js";
import {getAllItems, type ItemPath, type PagedItem} from "./pages.js";
import {
  circuitSchema,
  constructorSchema,
  constructorStandingSchema,
  driverSchema,
  driverStandingSchema,
  lapSchema,
  pitStopSchema,
  qualifyingResultSchema,
  raceSchema,
  resultSchema,
  seasonSchema,
  standingsListSchema,
  timingSchema,
} from "./wire.js";

export const JOLPICA_BASE_URL = "https://api.jolpi.ca/ergast/f1";

/** Jolpica's published limits: bursts of 4 requests a second, 500 an hour. */
export const JOLPICA_RATE_LIMIT: readonly RateWindow[] = knownRateLimits["api.jolpi.ca"] ?? [
  {requests: 4, perMs: 1_000},
  {requests: 500, perMs: 3_600_000},
];

export interface JolpicaOptions {
  /** The HTTP layer (mirror, cache, retries); its rate limiter is told Jolpica's limits on every request. */
  http: Http;
  /** Defaults to https://api.jolpi.ca/ergast/f1. */
  baseUrl?: string;
  /** Items per page; defaults to the server's 30 for the first page (the URL mirrors know) then 100. */
  pageSize?: number;
  /** Defaults to JOLPICA_RATE_LIMIT; a fake server may declare its own. */
  rateLimit?: readonly RateWindow[];
  /** Told of every item skipped because it did not match Jolpica's format; defaults to a line on stderr. */
  onProblem?: (problem: Problem) => void;
  /** Where progress of long downloads goes; defaults to stderr (never stdout, where loaders write data). */
  log?: (line: string) => void;
}

/** What getSeasonHistory fetches beyond the season's schedule, results, qualifying and standings. */
export interface SeasonHistoryOptions {
  /** Every lap time of every race (about 1,000 a race, 11 pages each); defaults to false. */
  lapTimes?: boolean;
  /** Pit stops of every race; defaults to false. */
  pitStops?: boolean;
}

const races = (item: string): ItemPath => ({table: "RaceTable", arrays: ["Races", item]});
const standings = (item: string): ItemPath => ({table: "StandingsTable", arrays: ["StandingsLists", item]});

/** Reads Jolpica (the Ergast successor) and answers with canonical history rows, fetching every page. */
export class JolpicaClient {
  private readonly baseUrl: string;
  private readonly rateLimit: readonly RateWindow[];
  private readonly onProblem: (problem: Problem) => void;
  private readonly log: (line: string) => void;

  constructor(private readonly options: JolpicaOptions) {
    this.baseUrl = (options.baseUrl ?? JOLPICA_BASE_URL).replace(/\/+$/, "");
    this.rateLimit = options.rateLimit ?? JOLPICA_RATE_LIMIT;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.onProblem = options.onProblem ?? ((problem) => this.log(formatProblem(problem)));
  }

  /** Every championship season, or one. */
  getSeasons(year?: number): Promise<SeasonRow[]> {
    return this.collect(scope(year, "seasons"), {table: "SeasonTable", arrays: ["Seasons"]}, (item) =>
      toSeasonRow(parse(seasonSchema, item.value, "season")),
    );
  }

  /** The rounds of a season (its schedule). */
  getRaces(year: number): Promise<RaceRow[]> {
    return this.collect(`${year}`, {table: "RaceTable", arrays: ["Races"]}, (item) =>
      toRaceRow(parse(raceSchema, item.value, "race")),
    );
  }

  /** Grand prix results of a season, or of one round. */
  async getResults(year: number, round?: number): Promise<ResultRow[]> {
    return this.getResultRows(scope(year, round, "results"), "Results");
  }

  /** Sprint results of a season, or of one round. */
  async getSprintResults(year: number, round?: number): Promise<ResultRow[]> {
    return this.getResultRows(scope(year, round, "sprint"), "SprintResults");
  }

  /** Qualifying results of a season, or of one round. */
  getQualifying(year: number, round?: number): Promise<QualifyingRow[]> {
    return this.collect(scope(year, round, "qualifying"), races("QualifyingResults"), (item) =>
      toQualifyingRow(raceOf(item), parse(qualifyingResultSchema, item.value, "qualifying result")),
    );
  }

  /** Every driver's time and position on every lap of a race, or on one lap. */
  getLapTimes(year: number, round: number, lap?: number): Promise<HistoryLapTimeRow[]> {
    return this.collect(
      scope(year, round, lap === undefined ? "laps" : `laps/${lap}`),
      {table: "RaceTable", arrays: ["Races", "Laps", "Timings"]},
      (item) => {
        const lapNumber = parse(lapSchema, item.parents[1], "lap").number;
        return toLapTimeRow(raceOf(item), Number(lapNumber), parse(timingSchema, item.value, "lap timing"));
      },
    );
  }

  /** Pit stops of a race. */
  getPitStops(year: number, round: number): Promise<HistoryPitStopRow[]> {
    return this.collect(scope(year, round, "pitstops"), races("PitStops"), (item) =>
      toPitStopRow(raceOf(item), parse(pitStopSchema, item.value, "pit stop")),
    );
  }

  /** The drivers' championship after a round; defaults to after the season's latest round. */
  getDriverStandings(year: number, round?: number): Promise<DriverStandingRow[]> {
    return this.collect(scope(year, round, "driverStandings"), standings("DriverStandings"), (item) =>
      toDriverStandingRow(
        parse(standingsListSchema, item.parents[0], "standings list"),
        parse(driverStandingSchema, item.value, "driver standing"),
      ),
    );
  }

  /** The constructors' championship after a round; defaults to after the season's latest round. */
  getConstructorStandings(year: number, round?: number): Promise<ConstructorStandingRow[]> {
    return this.collect(
      scope(year, round, "constructorStandings"),
      standings("ConstructorStandings"),
      (item) =>
        toConstructorStandingRow(
          parse(standingsListSchema, item.parents[0], "standings list"),
          parse(constructorStandingSchema, item.value, "constructor standing"),
        ),
    );
  }

  /** Drivers of a season, or every driver since 1950. */
  getDrivers(year?: number): Promise<HistoryDriverRow[]> {
    return this.collect(scope(year, "drivers"), {table: "DriverTable", arrays: ["Drivers"]}, (item) =>
      toDriverRow(parse(driverSchema, item.value, "driver")),
    );
  }

  /** Constructors of a season, or every constructor since 1950. */
  getConstructors(year?: number): Promise<ConstructorRow[]> {
    return this.collect(
      scope(year, "constructors"),
      {table: "ConstructorTable", arrays: ["Constructors"]},
      (item) => toConstructorRow(parse(constructorSchema, item.value, "constructor")),
    );
  }

  /** Circuits of a season, or every circuit since 1950. */
  getCircuits(year?: number): Promise<CircuitRow[]> {
    return this.collect(scope(year, "circuits"), {table: "CircuitTable", arrays: ["Circuits"]}, (item) =>
      toCircuitRow(parse(circuitSchema, item.value, "circuit")),
    );
  }

  /**
   * A whole season as history tables: schedule, circuits, drivers, constructors, results, sprints,
   * qualifying and the standings after every round with results; lap times and pit stops on request.
   */
  async getSeasonHistory(year: number, options: SeasonHistoryOptions = {}): Promise<HistoryTables> {
    const tables = emptyHistoryTables();
    tables.seasons = await this.getSeasons(year);
    tables.races = await this.getRaces(year);
    tables.circuits = await this.getCircuits(year);
    tables.drivers = await this.getDrivers(year);
    tables.constructors = await this.getConstructors(year);
    tables.results = await this.getResults(year);
    tables.sprint_results = await this.getSprintResults(year);
    tables.qualifying = await this.getQualifying(year);
    const rounds = [...new Set(tables.results.map((row) => row.round))].sort((a, b) => a - b);
    const what = ["standings", options.pitStops && "pit stops", options.lapTimes && "lap times"].filter(
      Boolean,
    );
    for (const [index, round] of rounds.entries()) {
      this.log(`jolpica: ${year} round ${round} (${index + 1} of ${rounds.length}): ${what.join(", ")}`);
      tables.driver_standings.push(...(await this.getDriverStandings(year, round)));
      tables.constructor_standings.push(...(await this.getConstructorStandings(year, round)));
      if (options.pitStops) tables.pit_stops.push(...(await this.getPitStops(year, round)));
      if (options.lapTimes) tables.lap_times.push(...(await this.getLapTimes(year, round)));
    }
    return tables;
  }

  private async getResultRows(path: string, array: "Results" | "SprintResults"): Promise<ResultRow[]> {
    const order = new Map<string, number>();
    const rows = await this.collect(path, races(array), (item) => {
      const race = raceOf(item);
      const key = `${race.season}/${race.round}`;
      order.set(key, (order.get(key) ?? 0) + 1);
      return toResultRow(race, parse(resultSchema, item.value, "result"), order.get(key)!);
    });
    return clearLappedDurations(rows);
  }

  /** Fetches every page of `path` and maps each item, skipping (and reporting) items that do not parse. */
  private async collect<T>(path: string, itemPath: ItemPath, toRow: (item: PagedItem) => T): Promise<T[]> {
    const items = await getAllItems(this.options.http, `${this.baseUrl}/${path}.json`, itemPath, {
      pageSize: this.options.pageSize,
      rateLimit: this.rateLimit,
    });
    const rows: T[] = [];
    for (const item of items) {
      try {
        rows.push(toRow(item));
      } catch (error) {
        if (!(error instanceof ItemError)) throw error;
        this.onProblem({source: item.source, message: error.message});
      }
    }
    return rows;
  }
}

/** Creates a Jolpica client over an HTTP layer (see JolpicaOptions for the defaults). */
export function createJolpicaClient(options: JolpicaOptions): JolpicaClient {
  return new JolpicaClient(options);
}

/** A client over the HTTP layer the settings describe: the mirror when one is set, else the internet. */
export async function openJolpica(options: Omit<JolpicaOptions, "http"> = {}): Promise<JolpicaClient> {
  return new JolpicaClient({http: await createHttpFromSettings(), ...options});
}

class ItemError extends Error {}

/** Checks one wire item against its schema; the ItemError names what was wrong. */
function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(item)"} ${issue.message}`);
  throw new ItemError(`skipped a ${what} that does not match Jolpica's format: ${issues.join("; ")}`);
}

function raceOf(item: PagedItem) {
  return parse(raceSchema, item.parents[0], "race");
}

/** "2023/5/results", "2023/results", "seasons"...: the path of an endpoint, narrowed to what is given. */
function scope(...parts: (number | string | undefined)[]): string {
  return parts.filter((part) => part !== undefined).join("/");
}
