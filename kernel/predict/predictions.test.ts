import {cp, mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {modelsRoot} from "../../models/shared/artefacts.js";
import type {LivePredictions} from "../../src/sport/kernel-messages.js";
import {createKernel, type Kernel} from "../kernel.js";
import {startNodeKernel} from "../node.js";
import {LiveTestClient} from "../testing/live-test-client.js";
import {archive, MIAMI_ID, MIAMI_SPRINT} from "../testing/protocol-suite.js";
import {Predictor} from "./predictor.js";

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe("predictor", () => {
  it("loads the three models and their contracts; in-race probabilities sum to 1 over the running cars", async () => {
    const predictor = await Predictor.load();
    expect(
      predictor
        .contracts()
        .map((contract) => contract.model)
        .sort(),
    ).toEqual(["in-race", "lap-time", "pre-race"]);
    const order = [1, 4, 16, 81, 44, 63];
    const predictions = await predictor.inRace({
      lap: 40,
      totalLaps: 50,
      order,
      grid: new Map(order.map((car, index) => [car, index + 1])),
      preRaceWin: new Map(),
    });
    expect(predictions.map((prediction) => prediction.driver_number)).toEqual(order);
    expect(sum(predictions.map((prediction) => prediction.win))).toBeCloseTo(1, 5);
    expect(predictions[0]!.win).toBeGreaterThan(predictions[5]!.win);
    await predictor.close();
  });

  it("refuses models whose contract does not match the file or the feature code, naming what to do", async () => {
    const folder = await mkdtemp(join(tmpdir(), "pitwall-models-"));
    try {
      await cp(modelsRoot, folder, {recursive: true, filter: (path) => !path.endsWith(".ts")});
      const contractPath = join(folder, "in-race", "features.json");
      const contract = JSON.parse(await readFile(contractPath, "utf8")) as {columns: {name: string}[]};
      contract.columns[0]!.name = "renamed";
      await writeFile(contractPath, JSON.stringify(contract));
      const onnxPath = join(folder, "lap-time", "model.onnx");
      const bytes = await readFile(onnxPath);
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
      await writeFile(onnxPath, bytes);
      const error = await Predictor.load(folder).catch((caught: Error) => caught);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(
        /in-race: .*first difference at column 0: position_log vs renamed/,
      );
      expect((error as Error).message).toMatch(
        /lap-time: model.onnx does not match its contract .* npm run train/,
      );
    } finally {
      await rm(folder, {recursive: true, force: true});
    }
  });
});

describe("prediction routes", () => {
  let kernel: Kernel;
  let captureDir: string;

  beforeAll(async () => {
    captureDir = await mkdtemp(join(tmpdir(), "pitwall-predict-"));
    kernel = await createKernel({captureDir, archive, sql: null, liveFeeds: null});
  });
  afterAll(async () => {
    await kernel?.close();
    await rm(captureDir, {recursive: true, force: true});
  });

  it("serves a session's pre-race table: win sums to 1, with the features behind each row", async () => {
    const response = await kernel.app.request("/v1/predictions/2025-singapore-grand-prix-race/pre-race");
    expect(response.status).toBe(200);
    const table = (await response.json()) as {
      round: number;
      source: string;
      columns: string[];
      drivers: {driver_ref: string; win: number; podium: number; features: number[]; won: number}[];
    };
    expect(table).toMatchObject({round: 18, source: "history"});
    expect(table.drivers.length).toBeGreaterThanOrEqual(18);
    expect(sum(table.drivers.map((driver) => driver.win))).toBeCloseTo(1, 4);
    expect(table.drivers.every((driver) => driver.features.length === table.columns.length)).toBe(true);
    expect(table.drivers.find((driver) => driver.won === 1)?.driver_ref).toBe("russell");
  });

  it("answers 404 for sessions it cannot predict and lists the contracts", async () => {
    const qualifying = await kernel.app.request(
      "/v1/predictions/2025-mexico-city-grand-prix-qualifying/pre-race",
    );
    expect(qualifying.status).toBe(404);
    expect(((await qualifying.json()) as {message: string}).message).toMatch(/not a race/);
    expect((await kernel.app.request("/v1/predictions/nowhere/pre-race")).status).toBe(404);
    expect((await kernel.app.request("/v1/predictions/nowhere/in-race")).status).toBe(404);
    const models = (await (await kernel.app.request("/v1/predictions/models")).json()) as {
      models: {model: string}[];
    };
    expect(models.models).toHaveLength(3);
  });
});

describe("live in-race predictions", () => {
  it("pushes the predictions topic after every lap of a replayed race, over a real WebSocket", async () => {
    const captureDir = await mkdtemp(join(tmpdir(), "pitwall-live-predict-"));
    const token = "t";
    const running = await startNodeKernel({
      captureDir,
      tokens: [token],
      sql: null,
      archive,
      livePredictions: true,
    });
    try {
      const seen = new Map<number, LivePredictions>();
      const started = await fetch(`${running.url}/v1/feeds/replay`, {
        method: "POST",
        headers: {authorization: `Bearer ${token}`, "content-type": "application/json"},
        body: JSON.stringify({path: MIAMI_SPRINT, speed: 100, startAtMs: 4_800_000}),
      });
      expect(started.status).toBe(201);
      const client = await LiveTestClient.connect(running.url);
      client.subscribe(MIAMI_ID, {topics: ["predictions"]});
      await client.waitFor(
        () => {
          const predictions = client.state?.predictions;
          if (predictions) seen.set(predictions.lap, predictions);
          const withWindows = [...seen.values()].some((seen) => Object.keys(seen.pitWindow).length > 5);
          return seen.size >= 3 && withWindows;
        },
        45_000,
        "predictions for three laps, one with pit windows",
      );
      for (const predictions of seen.values()) {
        expect(predictions.totalLaps).toBe(18);
        expect(sum(Object.values(predictions.win))).toBeCloseTo(1, 4);
        expect(Object.keys(predictions.rejoinPosition).length).toBeGreaterThan(10);
      }
      const latest = [...seen.values()].find((seen) => Object.keys(seen.pitWindow).length > 5)!;
      const windows = Object.values(latest.pitWindow);
      expect(windows.length).toBeGreaterThan(5);
      for (const window of windows) {
        expect(window.from).toBeGreaterThan(latest.lap);
        expect(window.to).toBeLessThan(latest.totalLaps);
        expect(window.from).toBeLessThanOrEqual(window.best);
      }
      expect(client.violations).toEqual([]);
      client.close();
    } finally {
      await running.close();
      await rm(captureDir, {recursive: true, force: true});
    }
  });
});
