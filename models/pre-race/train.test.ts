import {beforeAll, describe, expect, it} from "vitest";
import {readErgastCsv} from "../../sources/ergast-csv/index.js";
import type {HistoryTables} from "../../src/sport/history-tables.js";
import {readModelArtefacts} from "../shared/artefacts.js";
import {PRE_RACE_SETTINGS, trainPreRace} from "./train.js";
import {modelsRoot} from "../shared/artefacts.js";
import {join} from "node:path";

// A slice of the real history (2016 on, one test season, fewer iterations) keeps this under a minute.
const slice = {
  ...PRE_RACE_SETTINGS,
  trainFrom: 2016,
  testSeasons: [2024],
  reportSeasons: [2024],
  iterations: 60,
};
let history: HistoryTables;

beforeAll(async () => {
  history = (await readErgastCsv()).tables;
});

describe("pre-race training", () => {
  it("checks ONNX Runtime against the trained model on every test row, and trains byte-identically twice", async () => {
    const first = await trainPreRace(history, slice);
    expect(first.artefacts.contract.parity).toMatchObject({tolerance: 1e-5, within: true});
    expect(first.artefacts.contract.parity.rows).toBeGreaterThan(400);
    const again = await trainPreRace(history, slice);
    expect(Buffer.from(again.artefacts.onnx).equals(Buffer.from(first.artefacts.onnx))).toBe(true);
    const other = await trainPreRace(history, {...slice, seed: slice.seed + 1, hidden: 2});
    expect(Buffer.from(other.artefacts.onnx).equals(Buffer.from(first.artefacts.onnx))).toBe(false);
    const [season] = first.seasons;
    expect(season).toMatchObject({season: 2024, races: 24});
    expect(season!.win.model.contests).toBe(24);
  });

  it("the committed model meets its bar: better log-loss than the grid prior in every season 2022-2025", async () => {
    const {contract} = await readModelArtefacts(join(modelsRoot, "pre-race"));
    const seasons = (
      contract.metrics as {
        seasons: {season: number; win: {model: {logLoss: number}; gridBaseline: {logLoss: number}}}[];
      }
    ).seasons;
    expect(seasons.map((report) => report.season)).toEqual([2022, 2023, 2024, 2025]);
    for (const report of seasons)
      expect(report.win.model.logLoss).toBeLessThan(report.win.gridBaseline.logLoss);
  });
});
