// Drivers' championship from race results, and what-if: move a driver to another finishing position in one
// race and see the standings move. Points systems changed many times since 1950, so no table is hard-coded:
// a position is worth what it most often scored in that season's races (the mode ignores the odd fastest-lap
// bonus or half-points race), and a driver keeps any bonus they earned.

/** A driver's result in a race or sprint, as the history's results tables hold it. */
export interface SeasonResult {
  round: number;
  driver: string;
  /** Order of the published result, classified or not (1 = winner). */
  position_order: number;
  points: number;
  /** "race" or "sprint": sprints have their own points scale. */
  kind: "race" | "sprint";
}

/** A line of the standings. */
export interface Standing {
  position: number;
  driver: string;
  points: number;
  wins: number;
}

/** Standings from results: points, then wins, then name (the real tie-break counts further places). */
export function toStandings(results: readonly SeasonResult[]): Standing[] {
  const totals = new Map<string, {points: number; wins: number}>();
  for (const result of results) {
    const total = totals.get(result.driver) ?? {points: 0, wins: 0};
    total.points += result.points;
    if (result.kind === "race" && result.position_order === 1) total.wins += 1;
    totals.set(result.driver, total);
  }
  return [...totals]
    .sort(([a, x], [b, y]) => y.points - x.points || y.wins - x.wins || a.localeCompare(b))
    .map(([driver, total], i) => ({
      position: i + 1,
      driver,
      points: roundPoints(total.points),
      wins: total.wins,
    }));
}

/** What each finishing position was most often worth in the season's races of this kind. */
export function toPositionPoints(
  results: readonly SeasonResult[],
  kind: SeasonResult["kind"] = "race",
): Map<number, number> {
  const seen = new Map<number, Map<number, number>>();
  for (const result of results) {
    if (result.kind !== kind) continue;
    const counts = seen.get(result.position_order) ?? new Map<number, number>();
    counts.set(result.points, (counts.get(result.points) ?? 0) + 1);
    seen.set(result.position_order, counts);
  }
  const modes = new Map<number, number>();
  for (const [position, counts] of seen) {
    modes.set(position, [...counts].sort(([pa, a], [pb, b]) => b - a || pa - pb)[0]![0]);
  }
  return modes;
}

/** A change to one race result. */
export interface WhatIf {
  round: number;
  driver: string;
  /** The finishing position the driver is moved to. */
  position: number;
}

/**
 * The season's results with one driver moved to another place in one race: the cars in between move one
 * place the other way, and every car whose place changed swaps that place's usual points for the new one's.
 */
export function applyWhatIf(results: readonly SeasonResult[], change: WhatIf): SeasonResult[] {
  const race = results.filter((result) => result.round === change.round && result.kind === "race");
  const moved = race.find((result) => result.driver === change.driver);
  if (!moved)
    throw new Error(`${change.driver} has no result in round ${change.round}: pick a driver who took part.`);
  const target = Math.max(1, Math.min(change.position, race.length));
  const order = race.filter((result) => result !== moved).sort((a, b) => a.position_order - b.position_order);
  order.splice(target - 1, 0, moved);
  const worth = toPositionPoints(results, "race");
  const newPlace = new Map(order.map((result, i) => [result, i + 1]));
  return results.map((result) => {
    const place = newPlace.get(result);
    if (place == null || place === result.position_order) return result;
    const bonus = result.points - (worth.get(result.position_order) ?? 0);
    return {
      ...result,
      position_order: place,
      points: roundPoints((worth.get(place) ?? 0) + Math.max(0, bonus)),
    };
  });
}

function roundPoints(points: number): number {
  return Math.round(points * 100) / 100;
}
