import {describe, expect, it} from "vitest";
import {toNeutralisedLaps, toStatusSpans} from "./track-status.js";

const changes = [
  {date: 3_000, status: "1", message: "AllClear"},
  {date: 1_000, status: "4", message: "SCDeployed"},
  {date: 5_000, status: "6", message: "VSCDeployed"},
];

describe("toStatusSpans", () => {
  it("sorts changes and lets each last until the next, the last until the end given", () => {
    expect(toStatusSpans(changes, 9_000)).toEqual([
      {start: 1_000, end: 3_000, status: "4", message: "SCDeployed"},
      {start: 3_000, end: 5_000, status: "1", message: "AllClear"},
      {start: 5_000, end: 9_000, status: "6", message: "VSCDeployed"},
    ]);
    expect(toStatusSpans(changes).at(-1)).toMatchObject({start: 5_000, end: 5_000});
  });
});

describe("toNeutralisedLaps", () => {
  it("joins consecutive laps under the same status and skips green laps", () => {
    const laps = [1, 2, 3, 4, 5].map((lap) => ({
      lap_number: lap,
      start: (lap - 1) * 1_000 + 500,
      end: lap * 1_000 + 500,
    }));
    expect(toNeutralisedLaps(toStatusSpans(changes, 9_000), laps)).toEqual([
      {lap_start: 1, lap_end: 3, label: "SC"},
      {lap_start: 5, lap_end: 5, label: "VSC"},
    ]);
  });
});
