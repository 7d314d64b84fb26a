import {beforeAll, describe, expect, it} from "vitest";
import {join} from "node:path";
import {readErgastCsv} from "../../sources/ergast-csv/index.js";
import {readLapCharts} from "../../sources/lapcharts/index.js";
import {modelsRoot, readModelArtefacts} from "../shared/artefacts.js";
import {joinLapCharts, toInRaceRows, toRaceSlug, type RaceLaps} from "./races.js";
import {IN_RACE_SETTINGS, trainInRace} from "./train.js";

let races: RaceLaps[];

beforeAll(async () => {
  const {tables} = await readErgastCsv();
  const charts = await readLapCharts();
  races = joinLapCharts(charts.rows, tables, () => undefined).races;
});

describe("in-race data", () => {
  it("joins every lap chart to its result, and labels exactly one winner per lap", () => {
    expect(races).toHaveLength(61);
    expect(toRaceSlug("São Paulo Grand Prix")).toBe("são_paulo_grand_prix");
    const rows = toInRaceRows(races.filter((race) => race.year === 2023 && race.round === 1));
    const groups = new Map<string, number>();
    for (const row of rows) groups.set(row.group, (groups.get(row.group) ?? 0) + row.win);
    expect([...groups.values()].every((wins) => wins === 1)).toBe(true);
    expect(groups.size).toBe(57);
  });
});

describe("in-race training", () => {
  it("checks ONNX Runtime against the trained model on every test row, and trains byte-identically twice", async () => {
    const slice = races.filter((race) => race.year >= 2023 && race.round <= 8);
    const settings = {...IN_RACE_SETTINGS, testSeasons: [2024], iterations: 40};
    const first = await trainInRace(slice, settings);
    expect(first.artefacts.contract.parity).toMatchObject({within: true});
    expect(first.artefacts.contract.parity.rows).toBeGreaterThan(5000);
    const again = await trainInRace(slice, settings);
    expect(Buffer.from(again.artefacts.onnx).equals(Buffer.from(first.artefacts.onnx))).toBe(true);
  });

  it("the committed model's Brier is below the baseline's at 25, 50 and 75 % over the held-out seasons", async () => {
    const {contract} = await readModelArtefacts(join(modelsRoot, "in-race"));
    const heldOut = (
      contract.metrics as {heldOut: {checkpoints: {model: {brier: number}; baseline: {brier: number}}[]}}
    ).heldOut;
    expect(heldOut.checkpoints).toHaveLength(3);
    for (const checkpoint of heldOut.checkpoints)
      expect(checkpoint.model.brier).toBeLessThan(checkpoint.baseline.brier);
  });
});
