import type {HistoryTables} from "../../src/sport/history-tables.js";
import {
  buildPreRaceRows,
  isStarter,
  toPreRaceEntries,
  type FormTracker,
  type PreRaceEntry,
  type PreRaceRow,
} from "./features.js";

// Which race a session is, and its entries as the pre-race model needs them. Pure: the kernel and the
// notebook's loader call it with the history tables they read.

/** A session to predict, as the kernel or a loader knows it. */
export interface SessionToPredict {
  year: number;
  /** Meeting name, e.g. "Singapore Grand Prix" (the history's race_name). */
  meetingName: string;
  /** True for a sprint race: its grid comes from sprint results, and the model was trained on grands prix. */
  sprint: boolean;
  /** Running order before the start (car numbers, pole first), for races the history has no result for. */
  startingOrder?: readonly number[];
}

/** The pre-race model's inputs for one session, with where they came from. */
export interface SessionEntries {
  year: number;
  round: number;
  race_name: string;
  circuit_ref: string;
  /** "history" when the race has a result in the history, "starting order" when taken from timing. */
  source: "history" | "starting order";
  outOfDomain: string | null;
  entries: PreRaceEntry[];
  features: number[][];
  /** Outcomes, when the race has been run. */
  outcomes: {win: number; podium: number}[] | null;
}

/** Builds (once) and keeps the pre-race rows and the form tracker of a history. */
export class PreRaceHistory {
  private built: {rows: PreRaceRow[]; tracker: FormTracker} | null = null;
  constructor(
    readonly history: Pick<HistoryTables, "races" | "results" | "qualifying" | "sprint_results" | "drivers">,
  ) {}

  private get data() {
    this.built ??= buildPreRaceRows(this.history, 2003);
    return this.built;
  }

  /** The model's inputs for a session; throws saying what is missing when the race cannot be found or built. */
  entriesFor(session: SessionToPredict): SessionEntries {
    const race = this.history.races.find(
      (candidate) => candidate.year === session.year && candidate.race_name === session.meetingName,
    );
    if (!race) {
      throw new RangeError(
        `no ${session.year} "${session.meetingName}" in the history (Ergast ends at ${lastRound(this.history)})`,
      );
    }
    const meta = {year: race.year, round: race.round, circuit_ref: race.circuit_ref ?? "unknown"};
    const base = {...meta, race_name: race.race_name ?? session.meetingName};
    const outOfDomain = session.sprint ? "sprint race: the model was trained on grands prix" : null;
    if (!session.sprint) {
      const rows = this.data.rows.filter((row) => row.year === race.year && row.round === race.round);
      if (rows.length > 0) {
        return {
          ...base,
          source: "history",
          outOfDomain,
          entries: rows.map(({driver_ref, constructor_ref, driver_number, grid, quali_gap_pct}) => ({
            driver_ref,
            constructor_ref,
            driver_number,
            grid,
            quali_gap_pct,
          })),
          features: rows.map((row) => row.features),
          outcomes: rows.map((row) => ({win: row.win, podium: row.podium})),
        };
      }
    }
    const sprintResults = this.history.sprint_results.filter(
      (row) => row.year === race.year && row.round === race.round && isStarter(row),
    );
    const entries = session.sprint
      ? toPreRaceEntries(sprintResults, [])
      : this.entriesFromOrder(session.startingOrder ?? [], race.year);
    if (entries.length === 0) {
      throw new RangeError(
        `${race.year} ${race.race_name}: no result in the history and no starting order from timing yet`,
      );
    }
    // A sprint is predicted from the form before its weekend; a race after the history's last one from the
    // form at the end of the history.
    const tracker = session.sprint
      ? buildPreRaceRows(this.history, race.year, meta).tracker
      : this.data.tracker;
    return {
      ...base,
      source: session.sprint ? "history" : "starting order",
      outOfDomain,
      entries,
      features: tracker.featuresFor(meta, entries),
      outcomes:
        session.sprint && sprintResults.some((row) => row.position === 1)
          ? sprintResults.map((row) => ({
              win: row.position === 1 ? 1 : 0,
              podium: row.position != null && row.position <= 3 ? 1 : 0,
            }))
          : null,
    };
  }

  /** Entries from a starting order of car numbers: drivers by their number in the history's latest season. */
  private entriesFromOrder(order: readonly number[], year: number): PreRaceEntry[] {
    const latest = [...this.history.results]
      .filter((row) => row.year <= year)
      .sort((a, b) => b.year - a.year || b.round - a.round);
    return order.map((car, index) => {
      const result = latest.find((row) => row.driver_number === car);
      const driver = result ? null : this.history.drivers.find((row) => row.permanent_number === car);
      return {
        driver_ref: result?.driver_ref ?? driver?.driver_ref ?? `car_${car}`,
        constructor_ref: result?.constructor_ref ?? "unknown",
        driver_number: car,
        grid: index + 1,
        quali_gap_pct: null,
      };
    });
  }
}

function lastRound(history: Pick<HistoryTables, "results">): string {
  const last = history.results.reduce(
    (best, row) => (row.year > best.year || (row.year === best.year && row.round > best.round) ? row : best),
    {year: 0, round: 0},
  );
  return `${last.year} round ${last.round}`;
}
