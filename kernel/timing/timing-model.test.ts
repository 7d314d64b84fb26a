import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import type {LiveState} from "../../src/sport/kernel-messages.js";
import {applyPatch} from "../../src/sport/live-patch.js";
import {
  createFolderReader,
  iterateSessionMessages,
  readSessionTables,
} from "../../sources/livetiming/index.js";
import {projectRoot} from "../../sources/settings.js";
import {emptyLiveState, TimingModel} from "./timing-model.js";

const archive = createFolderReader(resolve(projectRoot, "..", "shared", "data", "livetiming"));
const MIAMI_SPRINT = "2025/2025-05-04_Miami_Grand_Prix/2025-05-03_Sprint/";
const MEXICO_QUALIFYING = "2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/";

/** Replays a whole archived session through the model; returns the model and the state rebuilt from its patches. */
async function replayThroughModel(path: string) {
  const model = new TimingModel("test");
  let rebuilt: LiveState = emptyLiveState("test");
  let patches = 0;
  let purpleSegments = 0;
  for await (const message of iterateSessionMessages(archive, path)) {
    const patch = model.apply({...message, utc: null});
    if (patch) {
      rebuilt = applyPatch(rebuilt, structuredClone(patch));
      patches++;
      purpleSegments += JSON.stringify(patch).split('"purple"').length - 1;
    }
  }
  return {model, rebuilt, patches, purpleSegments};
}

describe("TimingModel over real archives", () => {
  it("Miami sprint: the final tower agrees with the canonical tables read offline", async () => {
    const {model, rebuilt, patches} = await replayThroughModel(MIAMI_SPRINT);
    expect(patches).toBeGreaterThan(10_000);
    expect(rebuilt).toEqual(JSON.parse(JSON.stringify(model.state)));

    const {tables} = await readSessionTables(archive, MIAMI_SPRINT, {telemetry: "skip"});
    const state = model.state;
    expect(Object.keys(state.drivers)).toHaveLength(tables.drivers.length);
    for (const row of tables.classification) {
      const driver = state.drivers[String(row.driver_number)]!;
      expect(driver.lapsCompleted, `laps of car ${row.driver_number}`).toBe(row.number_of_laps);
      expect(driver.bestLap.seconds, `best lap of car ${row.driver_number}`).toBe(row.best_lap_duration);
      if (row.position != null)
        expect(driver.position, `position of car ${row.driver_number}`).toBe(row.position);
    }
    const pitStops = new Map<number, number>();
    for (const stop of tables.pit_stops)
      pitStops.set(stop.driver_number, (pitStops.get(stop.driver_number) ?? 0) + 1);
    for (const [car, stops] of pitStops)
      expect(state.drivers[String(car)]!.pitStops, `pit stops of ${car}`).toBe(stops);
    const fastest = Math.min(...tables.laps.map((lap) => lap.lap_duration ?? Infinity));
    const overall = Object.values(state.drivers).filter((driver) => driver.bestLap.overallBest);
    expect(overall.map((driver) => driver.bestLap.seconds)).toEqual([fastest]);
    expect(state.raceControl).toHaveLength(tables.race_control.length);
    expect(state.lapCount).toEqual({current: 18, total: 18});
    expect(state.session.status).toBe("Ends");
    // Car 16 crashed on the way to the grid: it never started, so it has no tyres.
    expect(state.drivers["16"]!.tyre).toBeNull();
    for (const driver of Object.values(state.drivers).filter((d) => d.driverNumber !== 16)) {
      expect(driver.tyre?.compound).toMatch(/^(SOFT|MEDIUM|HARD)$/);
      expect(driver.sectors).toHaveLength(3);
    }
  });

  it("Mexico qualifying: car positions, weather, clock and mini-sectors", async () => {
    const {model, rebuilt, purpleSegments} = await replayThroughModel(MEXICO_QUALIFYING);
    expect(rebuilt).toEqual(JSON.parse(JSON.stringify(model.state)));
    const state = model.state;
    expect(Object.keys(state.positions)).toHaveLength(20);
    expect(state.weather?.airTemperature).toBeGreaterThan(10);
    expect(state.clock.remaining).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(state.session.part).toBe(3);
    expect(purpleSegments).toBeGreaterThan(0);
    for (const driver of Object.values(state.drivers)) expect(driver.sectors).toHaveLength(3);
    const {tables} = await readSessionTables(archive, MEXICO_QUALIFYING, {telemetry: "skip"});
    for (const row of tables.classification.filter((r) => r.position != null && r.position <= 10)) {
      expect(state.drivers[String(row.driver_number)]!.position).toBe(row.position);
    }
  });
});

describe("qualifying gaps", () => {
  it("come from the current part's Stats when the line has no top-level gap", async () => {
    const {model} = await replayThroughModel(MEXICO_QUALIFYING);
    const withGaps = Object.values(model.state.drivers).filter((driver) => driver.gapToLeaderS != null);
    expect(withGaps.length).toBeGreaterThanOrEqual(9);
    for (const driver of withGaps) expect(driver.gapToLeaderS).toBeGreaterThanOrEqual(0);
  });
});
