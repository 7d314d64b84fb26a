import {mkdtemp, mkdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {pickLayoutYear, readCircuitCorners} from "./read-circuit.js";

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "pitwall-circuits-"));
  await mkdir(join(folder, "7"));
  await writeFile(
    join(folder, "7", "2020.json"),
    JSON.stringify({
      rotation: 92,
      corners: [
        {number: 1, angle: 10.5, trackPosition: {x: -100.5, y: 200}},
        {number: 9, letter: "a", angle: -3, trackPosition: {x: 5, y: 6}},
        {number: "junk"},
      ],
    }),
  );
  await mkdir(join(folder, "0"));
  await writeFile(join(folder, "0", "2020.json"), "Circuit not found");
});

afterAll(() => rm(folder, {recursive: true, force: true}));

describe("readCircuitCorners", () => {
  it("reads corners and rotation, taking the nearest layout year", async () => {
    const read = await readCircuitCorners(folder, 7, 2025);
    expect(read).toEqual({
      corners: [
        {number: 1, letter: null, x: -100.5, y: 200, angle_deg: 10.5},
        {number: 9, letter: "a", x: 5, y: 6, angle_deg: -3},
      ],
      rotation_deg: 92,
      layout_year: 2020,
      reason: null,
    });
  });

  it("gives a reason for a missing circuit or the API's not-found text", async () => {
    expect((await readCircuitCorners(folder, 65, 2025)).reason).toContain("has no layout for circuit 65");
    expect((await readCircuitCorners(folder, 0, 2020)).reason).toContain('reads "Circuit not found"');
  });

  it("reads the mirror's real Monza layout", async () => {
    const read = await readCircuitCorners(
      join(import.meta.dirname, "../../../shared/data/multiviewer/circuits"),
      39,
      2021,
    );
    expect(read.reason).toBeNull();
    expect(read.corners.length).toBeGreaterThanOrEqual(11);
    expect(read.layout_year).toBe(2020);
  });
});

describe("pickLayoutYear", () => {
  it("prefers the year, then earlier, then later", () => {
    expect(pickLayoutYear([2018, 2020, 2023], 2020)).toBe(2020);
    expect(pickLayoutYear([2018, 2020, 2023], 2022)).toBe(2020);
    expect(pickLayoutYear([2023], 2019)).toBe(2023);
    expect(pickLayoutYear([], 2019)).toBeNull();
  });
});
