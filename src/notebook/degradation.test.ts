import {describe, expect, it} from "vitest";
import {fitLine, fitStintDegradation} from "./degradation.js";

describe("fitLine", () => {
  it("recovers an exact line with zero standard error", () => {
    const fit = fitLine([1, 2, 3, 4].map((x) => ({x, y: 90 + 0.1 * x})))!;
    expect(fit.slope).toBeCloseTo(0.1, 12);
    expect(fit.intercept).toBeCloseTo(90, 12);
    expect(fit.slope_se).toBeCloseTo(0, 12);
  });

  it("gives the textbook standard error", () => {
    // y = 1, 3, 2, 5 at x = 1..4: slope 1.1, residual SS 2.7, Sxx 5 → SE = sqrt(2.7 / 2 / 5).
    const fit = fitLine([1, 3, 2, 5].map((y, i) => ({x: i + 1, y})))!;
    expect(fit.slope).toBeCloseTo(1.1, 12);
    expect(fit.slope_se).toBeCloseTo(Math.sqrt(0.27), 12);
  });

  it("returns null without two distinct x, and no SE with two points", () => {
    expect(fitLine([{x: 1, y: 1}])).toBeNull();
    expect(
      fitLine([
        {x: 1, y: 1},
        {x: 1, y: 2},
      ]),
    ).toBeNull();
    expect(
      fitLine([
        {x: 1, y: 1},
        {x: 2, y: 2},
      ])!.slope_se,
    ).toBeNull();
  });
});

describe("fitStintDegradation", () => {
  it("fits each driver's stints and skips short ones", () => {
    const laps = [
      ...[3, 4, 5, 6, 7].map((age) => ({
        driver: "VER",
        stint_number: 1,
        compound: "MEDIUM",
        tyre_age_laps: age,
        lap_duration: 80 + 0.05 * age,
      })),
      ...[1, 2].map((age) => ({
        driver: "VER",
        stint_number: 2,
        compound: "HARD",
        tyre_age_laps: age,
        lap_duration: 81,
      })),
    ];
    const fits = fitStintDegradation(laps);
    expect(fits).toHaveLength(1);
    expect(fits[0]).toMatchObject({
      driver: "VER",
      stint_number: 1,
      compound: "MEDIUM",
      laps: 5,
      age_min: 3,
      age_max: 7,
    });
    expect(fits[0]!.slope_s_per_lap).toBeCloseTo(0.05, 12);
  });
});
