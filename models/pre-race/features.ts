import type {HistoryTables, QualifyingRow, ResultRow} from "../../src/sport/history-tables.js";

// Pre-race features: what is known before the start of a grand prix. Pure (no I/O), so the trainer, the
// kernel and the notebooks compute them the same way from the canonical history tables.

/** The model's inputs, in ONNX column order. */
export const PRE_RACE_FEATURES = [
  {name: "grid_log", doc: "ln of the grid position; a pit-lane start counts as the back of the grid"},
  {name: "pole", doc: "1 when starting from pole"},
  {
    name: "quali_gap_pct",
    doc: "% behind the fastest time of the last qualifying part the driver ran (0 to 10)",
  },
  {name: "quali_gap_missing", doc: "1 when the driver set no qualifying time we know of"},
  {name: "driver_win_rate", doc: "driver's wins, exponentially weighted over recent starts (decay 0.85)"},
  {name: "driver_podium_rate", doc: "driver's podiums, exponentially weighted over recent starts"},
  {name: "driver_finish_score", doc: "driver's finishing percentile (1 = won, 0 = last or out), weighted"},
  {name: "constructor_win_rate", doc: "constructor's wins per race, exponentially weighted"},
  {name: "constructor_podium_rate", doc: "constructor's podiums per car, exponentially weighted"},
  {name: "circuit_driver_score", doc: "driver's mean finishing percentile at this circuit before (shrunk)"},
  {name: "circuit_driver_wins_log", doc: "ln(1 + the driver's earlier wins at this circuit)"},
  {name: "constructor_mech_dnf_rate", doc: "constructor's mechanical retirements per car, weighted"},
  {name: "driver_dnf_rate", doc: "driver's retirements of any cause, weighted"},
  {
    name: "championship_share",
    doc: "driver's points over the leader's before this round (last season's at round 1)",
  },
  {
    name: "driver_grid_score",
    doc: "driver's grid percentile (1 = pole), exponentially weighted: recent pace",
  },
  {name: "constructor_grid_score", doc: "grid percentile of the constructor's best car, weighted: car pace"},
] as const;

export const PRE_RACE_FEATURE_NAMES = PRE_RACE_FEATURES.map((feature) => feature.name);

/** One driver's entry in a race, as known before the start. */
export interface PreRaceEntry {
  driver_ref: string;
  constructor_ref: string;
  /** Car number in this race, for joining to timing. */
  driver_number: number | null;
  /** Grid position; 0 or null for a pit-lane start. */
  grid: number | null;
  /** % behind the fastest time of the last qualifying part run; null when unknown. */
  quali_gap_pct: number | null;
}

/** The race the entries are for. */
export interface PreRaceRace {
  year: number;
  round: number;
  circuit_ref: string;
}

/** A feature row of one driver in one race, with its outcome when the race has been run. */
export interface PreRaceRow extends PreRaceEntry {
  year: number;
  round: number;
  circuit_ref: string;
  race_name: string;
  features: number[];
  win: number;
  podium: number;
}

const DECAY = 0.85;
/** Results whose cause is the driver or the race, not the car. */
const NOT_MECHANICAL =
  /^(Finished|\+\d+ Laps?|Collision|Collision damage|Accident|Spun off|Damage|Debris|Puncture|Tyre puncture|Disqualified|Excluded|Injured|Injury|Illness|Fatal accident)$/;
/** Entries that never took the start. */
const NOT_STARTED = /^(Did not qualify|Did not prequalify|107% Rule|Withdrew|Did not start|Not classified)$/;

/** An exponentially weighted mean that starts from a prior worth one observation. */
class Weighted {
  private sum = 0;
  private weight = 0;
  constructor(private readonly prior: number) {}
  add(value: number): void {
    this.sum = this.sum * DECAY + value;
    this.weight = this.weight * DECAY + 1;
  }
  get value(): number {
    return (this.sum + this.prior) / (this.weight + 1);
  }
}

interface DriverForm {
  win: Weighted;
  podium: Weighted;
  finish: Weighted;
  dnf: Weighted;
  grid: Weighted;
}

interface ConstructorForm {
  win: Weighted;
  podium: Weighted;
  mechanicalDnf: Weighted;
  grid: Weighted;
}

/**
 * Running form of drivers and constructors: feed it every race in order with `addRace`, and ask for the
 * features of a race's entries with `featuresFor` before adding that race.
 */
export class FormTracker {
  private drivers = new Map<string, DriverForm>();
  private constructors = new Map<string, ConstructorForm>();
  private circuits = new Map<string, {score: number; starts: number; wins: number}>();
  private season = 0;
  private points = new Map<string, number>();
  private lastSeasonShare = new Map<string, number>();

  /** Feature vectors of a race's entries, in PRE_RACE_FEATURES order. */
  featuresFor(race: PreRaceRace, entries: readonly PreRaceEntry[]): number[][] {
    const leaderPoints = race.year === this.season ? Math.max(0, ...this.points.values()) : 0;
    return entries.map((entry) => {
      const driver = this.driverForm(entry.driver_ref);
      const team = this.constructorForm(entry.constructor_ref);
      const circuit = this.circuits.get(`${race.circuit_ref}|${entry.driver_ref}`);
      const grid = entry.grid && entry.grid > 0 ? entry.grid : Math.max(entries.length, 1);
      const gap = entry.quali_gap_pct;
      const share =
        race.year === this.season && leaderPoints > 0
          ? (this.points.get(entry.driver_ref) ?? 0) / leaderPoints
          : (this.lastSeasonShare.get(entry.driver_ref) ?? 0);
      return [
        Math.log(grid),
        grid === 1 ? 1 : 0,
        gap == null ? 0 : Math.min(Math.max(gap, 0), 10),
        gap == null ? 1 : 0,
        driver.win.value,
        driver.podium.value,
        driver.finish.value,
        team.win.value,
        team.podium.value,
        circuit ? (circuit.score + 1) / (circuit.starts + 2) : 0.5,
        Math.log1p(circuit?.wins ?? 0),
        team.mechanicalDnf.value,
        driver.dnf.value,
        share,
        driver.grid.value,
        team.grid.value,
      ];
    });
  }

  /** Updates the form with a race's results (started entries only). */
  addRace(race: PreRaceRace, results: readonly ResultRow[]): void {
    if (race.year !== this.season) this.startSeason(race.year);
    const starters = results.length;
    const teamWins = new Map<string, number>();
    const teamGrid = new Map<string, number>();
    for (const result of results) {
      const classified = result.position != null;
      const won = result.position === 1 ? 1 : 0;
      const podium = result.position != null && result.position <= 3 ? 1 : 0;
      const percentile = classified && starters > 1 ? 1 - (result.position! - 1) / (starters - 1) : 0;
      const driver = this.driverForm(result.driver_ref);
      driver.win.add(won);
      driver.podium.add(podium);
      driver.finish.add(percentile);
      driver.dnf.add(classified ? 0 : 1);
      const constructorRef = result.constructor_ref ?? "unknown";
      const team = this.constructorForm(constructorRef);
      team.podium.add(podium);
      team.mechanicalDnf.add(!classified && !NOT_MECHANICAL.test(result.status ?? "") ? 1 : 0);
      teamWins.set(constructorRef, Math.max(teamWins.get(constructorRef) ?? 0, won));
      const grid = result.grid && result.grid > 0 ? result.grid : starters;
      const gridScore = starters > 1 ? 1 - (grid - 1) / (starters - 1) : 0;
      driver.grid.add(gridScore);
      teamGrid.set(constructorRef, Math.max(teamGrid.get(constructorRef) ?? 0, gridScore));
      const key = `${race.circuit_ref}|${result.driver_ref}`;
      const circuit = this.circuits.get(key) ?? {score: 0, starts: 0, wins: 0};
      circuit.score += percentile;
      circuit.starts += 1;
      circuit.wins += won;
      this.circuits.set(key, circuit);
      this.points.set(result.driver_ref, (this.points.get(result.driver_ref) ?? 0) + (result.points ?? 0));
    }
    for (const [constructorRef, won] of teamWins) this.constructorForm(constructorRef).win.add(won);
    for (const [constructorRef, score] of teamGrid) this.constructorForm(constructorRef).grid.add(score);
  }

  private startSeason(year: number): void {
    const leader = Math.max(0, ...this.points.values());
    this.lastSeasonShare = new Map(
      [...this.points].map(([driver, points]) => [driver, leader > 0 ? points / leader : 0]),
    );
    this.points = new Map();
    this.season = year;
  }

  private driverForm(ref: string): DriverForm {
    let form = this.drivers.get(ref);
    if (!form) {
      form = {
        win: new Weighted(0.02),
        podium: new Weighted(0.06),
        finish: new Weighted(0.3),
        dnf: new Weighted(0.2),
        grid: new Weighted(0.4),
      };
      this.drivers.set(ref, form);
    }
    return form;
  }

  private constructorForm(ref: string): ConstructorForm {
    let form = this.constructors.get(ref);
    if (!form) {
      form = {
        win: new Weighted(0.02),
        podium: new Weighted(0.06),
        mechanicalDnf: new Weighted(0.15),
        grid: new Weighted(0.5),
      };
      this.constructors.set(ref, form);
    }
    return form;
  }
}

/** Whether a result row is an entry that took the start. */
export function isStarter(result: ResultRow): boolean {
  if (NOT_STARTED.test(result.status ?? "")) return false;
  return (result.grid ?? 0) > 0 || (result.laps ?? 0) > 0;
}

/** % behind the fastest time of the last qualifying part each driver ran, by driver ref. */
export function toQualifyingGaps(rows: readonly QualifyingRow[]): Map<string, number> {
  const parts = ["q3_s", "q2_s", "q1_s"] as const;
  const fastest = parts.map((part) => Math.min(...rows.map((row) => row[part] ?? Number.POSITIVE_INFINITY)));
  const gaps = new Map<string, number>();
  for (const row of rows) {
    const index = parts.findIndex((part) => row[part] != null && row[part]! > 0);
    if (index < 0 || !Number.isFinite(fastest[index]!)) continue;
    gaps.set(row.driver_ref, (row[parts[index]!]! / fastest[index]! - 1) * 100);
  }
  return gaps;
}

/** The entries of a race from its results (grid) and qualifying (gaps), started entries only. */
export function toPreRaceEntries(
  results: readonly ResultRow[],
  qualifying: readonly QualifyingRow[],
): PreRaceEntry[] {
  const gaps = toQualifyingGaps(qualifying);
  return results.filter(isStarter).map((result) => ({
    driver_ref: result.driver_ref,
    constructor_ref: result.constructor_ref ?? "unknown",
    driver_number: result.driver_number,
    grid: result.grid,
    quali_gap_pct: gaps.get(result.driver_ref) ?? null,
  }));
}

/** Key of a race for maps: "2024/7". */
export function raceKey(year: number, round: number): string {
  return `${year}/${round}`;
}

/**
 * Feature rows for every grand prix from `fromYear` on, each computed from the races before it, plus the
 * tracker after the last race (to predict races not yet run), or before `until` when given (a sprint on
 * that weekend is predicted from the form before its grand prix).
 */
export function buildPreRaceRows(
  history: Pick<HistoryTables, "races" | "results" | "qualifying">,
  fromYear: number,
  until?: {year: number; round: number},
): {rows: PreRaceRow[]; tracker: FormTracker} {
  const resultsByRace = groupBy(history.results, (row) => raceKey(row.year, row.round));
  const qualifyingByRace = groupBy(history.qualifying, (row) => raceKey(row.year, row.round));
  const races = [...history.races].sort((a, b) => a.year - b.year || a.round - b.round);
  const tracker = new FormTracker();
  const rows: PreRaceRow[] = [];
  for (const race of races) {
    if (until && (race.year > until.year || (race.year === until.year && race.round >= until.round))) break;
    const key = raceKey(race.year, race.round);
    const results = (resultsByRace.get(key) ?? []).filter(isStarter);
    if (results.length === 0) continue;
    const meta = {year: race.year, round: race.round, circuit_ref: race.circuit_ref ?? "unknown"};
    const hasWinner = results.some((result) => result.position === 1);
    if (race.year >= fromYear && hasWinner) {
      const entries = toPreRaceEntries(results, qualifyingByRace.get(key) ?? []);
      const features = tracker.featuresFor(meta, entries);
      entries.forEach((entry, index) => {
        const result = results[index]!;
        rows.push({
          ...entry,
          ...meta,
          race_name: race.race_name ?? "",
          features: features[index]!,
          win: result.position === 1 ? 1 : 0,
          podium: result.position != null && result.position <= 3 ? 1 : 0,
        });
      });
    }
    tracker.addRace(meta, results);
  }
  return {rows, tracker};
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
