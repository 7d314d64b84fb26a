import {describe, expect, it} from "vitest";
import {applyWhatIf, toPositionPoints, toStandings, type SeasonResult} from "./standings.js";

// Two races with a 10-6-4 scale and a fastest-lap bonus point for B in round 2; a sprint with 3-2-1.
const race = (round: number, order: string[], bonus: string | null = null): SeasonResult[] =>
  order.map((driver, i) => ({
    round,
    driver,
    position_order: i + 1,
    points: ([10, 6, 4][i] ?? 0) + (driver === bonus ? 1 : 0),
    kind: "race",
  }));
const results: SeasonResult[] = [
  ...race(1, ["A", "B", "C", "D"]),
  ...race(2, ["A", "B", "C", "D"], "B"),
  ...["C", "B", "A"].map((driver, i) => ({
    round: 2,
    driver,
    position_order: i + 1,
    points: 3 - i,
    kind: "sprint" as const,
  })),
];

describe("toStandings", () => {
  it("sums points and counts race wins", () => {
    expect(toStandings(results)).toEqual([
      {position: 1, driver: "A", points: 21, wins: 2},
      {position: 2, driver: "B", points: 15, wins: 0},
      {position: 3, driver: "C", points: 11, wins: 0},
      {position: 4, driver: "D", points: 0, wins: 0},
    ]);
  });
});

describe("what-if", () => {
  it("takes each position's usual points, ignoring a bonus", () => {
    expect([...toPositionPoints(results)]).toEqual([
      [1, 10],
      [2, 6],
      [3, 4],
      [4, 0],
    ]);
  });

  it("moves a driver and shifts the cars in between, keeping bonuses", () => {
    const changed = applyWhatIf(results, {round: 2, driver: "C", position: 1});
    const round2 = changed.filter((result) => result.round === 2 && result.kind === "race");
    expect(round2.map((result) => [result.driver, result.position_order, result.points])).toEqual([
      ["A", 2, 6],
      ["B", 3, 5],
      ["C", 1, 10],
      ["D", 4, 0],
    ]);
    expect(toStandings(changed).map((standing) => [standing.driver, standing.points])).toEqual([
      ["A", 17],
      ["C", 17],
      ["B", 13],
      ["D", 0],
    ]);
    // Untouched: round 1 and the sprint.
    expect(changed.filter((result) => result.round === 1)).toEqual(
      results.filter((result) => result.round === 1),
    );
  });

  it("says what to do when the driver did not race", () => {
    expect(() => applyWhatIf(results, {round: 1, driver: "Z", position: 1})).toThrow(
      "pick a driver who took part",
    );
  });
});
