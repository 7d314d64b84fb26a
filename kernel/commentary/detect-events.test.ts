import {beforeAll, describe, expect, it} from "vitest";
import type {CommentaryEvent} from "../../src/sport/commentary.js";
import type {LiveDriver, LiveState} from "../../src/sport/kernel-messages.js";
import {readSessionTables, type SessionRead} from "../../sources/livetiming/index.js";
import {archive, MIAMI_SPRINT} from "../testing/protocol-suite.js";
import {emptyLiveState} from "../timing/timing-model.js";
import {detectArchiveEvents} from "./archive-events.js";
import {EventDetector} from "./detect-events.js";

const BAKU_2018 = "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/";
const SAKHIR_2023 = "2023/2023-03-05_Bahrain_Grand_Prix/2023-03-05_Race/";
const SINGAPORE_2025 = "2025/2025-10-05_Singapore_Grand_Prix/2025-10-05_Race/";

const of = (events: CommentaryEvent[], kind: CommentaryEvent["kind"]) =>
  events.filter((event) => event.kind === kind);
const tlas = (event: CommentaryEvent) => event.drivers.map((driver) => driver.tla);

describe("events detected from replayed archives (the live state the clients see)", () => {
  let miami: CommentaryEvent[];
  let baku: CommentaryEvent[];
  let miamiTables: SessionRead["tables"];
  let bakuTables: SessionRead["tables"];

  beforeAll(async () => {
    [miami, baku, miamiTables, bakuTables] = await Promise.all([
      detectArchiveEvents(archive, MIAMI_SPRINT).then((read) => read.events),
      detectArchiveEvents(archive, BAKU_2018).then((read) => read.events),
      readSessionTables(archive, MIAMI_SPRINT, {telemetry: "skip"}).then((read) => read.tables),
      readSessionTables(archive, BAKU_2018, {telemetry: "skip"}).then((read) => read.tables),
    ]);
  }, 60_000);

  it("Miami sprint: red flag before the start, the start, the safety car, the penalty, retirements, the winner", () => {
    expect(of(miami, "red-flag")).toHaveLength(1);
    expect(of(miami, "start")).toHaveLength(1);
    expect(of(miami, "red-flag")[0]!.offsetMs).toBeLessThan(of(miami, "start")[0]!.offsetMs);
    const safetyCar = of(miami, "safety-car");
    expect(safetyCar.map((event) => [event.facts.phase, event.lap])).toEqual([
      ["deployed", 15],
      ["ending", 18],
    ]);
    const [penalty] = of(miami, "penalty");
    expect(tlas(penalty!)).toEqual(["VER"]);
    expect(penalty!.facts).toMatchObject({penalty: "10 second time penalty", reason: "unsafe release"});
    expect(of(miami, "retirement").map((event) => tlas(event)[0])).toEqual(["LEC", "SAI", "ALO"]);
    const winner = miamiTables.classification.find((row) => row.position === 1)!.driver_number;
    const [finish] = of(miami, "finish");
    expect(finish!.drivers[0]!.driverNumber).toBe(winner);
    // After the chequered flag the order is re-sorted for penalties: that is not racing.
    expect(miami.filter((event) => event.kind === "overtake" && event.offsetMs > finish!.offsetMs)).toEqual(
      [],
    );
  });

  it("pit stops match the canonical pit_stops table: car, in-lap and pit-lane time", () => {
    for (const [events, tables] of [
      [miami, miamiTables],
      [baku, bakuTables],
    ] as const) {
      const stops = of(events, "pit-stop");
      expect(stops.length).toBeGreaterThanOrEqual(tables.pit_stops.length - 1);
      expect(stops.filter((stop) => stop.facts.newTyres != null).length).toBeGreaterThan(stops.length * 0.8);
      for (const stop of stops) {
        const car = stop.drivers[0]!.driverNumber;
        const row = tables.pit_stops.find(
          (candidate) => candidate.driver_number === car && candidate.lap_number === stop.facts.lap,
        );
        expect(row, `canonical stop of car ${car} on lap ${stop.facts.lap}`).toBeDefined();
        expect(Number(stop.facts.pitLaneTimeS)).toBeCloseTo(row!.pit_duration!, 1);
        if (stop.facts.newTyres == null) continue;
        // The set fitted is the stint that starts on the out-lap (the table has none for a car that retired on it).
        const out = Number(stop.facts.lap) + 1;
        const stint = tables.stints.find(
          (candidate) => candidate.driver_number === car && candidate.lap_start === out,
        );
        if (stint)
          expect(stint.compound, `tyres of car ${car} after lap ${stop.facts.lap}`).toBe(stop.facts.newTyres);
      }
    }
  });

  it("tells on-track overtakes from position changes caused by pit stops", () => {
    for (const events of [miami, baku]) {
      // A stop is told 5 s after the pit exit: the car was in the lane for its pit-lane time before that, and is
      // on its out-lap for half a minute after.
      const visits = of(events, "pit-stop").map((stop) => ({
        car: stop.drivers[0]!.driverNumber,
        from: stop.offsetMs - 5_000 - Number(stop.facts.pitLaneTimeS) * 1000,
        to: stop.offsetMs + 25_000,
      }));
      for (const overtake of of(events, "overtake")) {
        for (const driver of overtake.drivers) {
          const visit = visits.find(
            (candidate) =>
              candidate.car === driver.driverNumber &&
              overtake.offsetMs >= candidate.from &&
              overtake.offsetMs <= candidate.to,
          );
          expect(
            visit,
            `${overtake.headline} at ${overtake.offsetMs} ms involves a car in or just out of the pits`,
          ).toBeUndefined();
        }
      }
      expect(of(events, "pit-position-change").length).toBeGreaterThan(0);
    }
    // Piastri took the lead from Antonelli on the first racing lap of the Miami sprint.
    expect(of(miami, "overtake").find((event) => event.facts.position === 1)?.headline).toBe(
      "PIA passes ANT for the lead",
    );
  });

  it("Baku 2018: a car dropping through the field (Bottas' puncture, lap 48) is not 'overtaken'; Hamilton wins", () => {
    const late = baku.filter((event) => event.kind === "overtake" && (event.lap ?? 0) >= 48);
    expect(late.length).toBeGreaterThan(0);
    // He fell from the lead to the back in one go; cars passing him later, as he limped on, are real passes.
    const passedBottas = late.filter((event) => tlas(event).slice(1).includes("BOT"));
    expect(passedBottas.every((event) => Number(event.facts.position) > 10)).toBe(true);
    expect(of(baku, "retirement").map((event) => tlas(event)[0])).toEqual(
      expect.arrayContaining(["RIC", "VER", "BOT"]),
    );
    expect(tlas(of(baku, "finish")[0]!)[0]).toBe("HAM");
    expect(of(baku, "safety-car").filter((event) => event.facts.phase === "deployed")).toHaveLength(2);
    const fastest = Math.min(...bakuTables.laps.map((lap) => lap.lap_duration ?? Infinity));
    const lastFastest = of(baku, "fastest-lap").at(-1)!;
    expect(lastFastest.facts.lapTime).toBe("1:45.149");
    expect(fastest).toBeCloseTo(105.149, 3);
  });

  it("ids are unique and stable: two replays give the same events", async () => {
    expect(new Set(miami.map((event) => event.id)).size).toBe(miami.length);
    const again = (await detectArchiveEvents(archive, MIAMI_SPRINT)).events;
    expect(again.map((event) => event.id)).toEqual(miami.map((event) => event.id));
  });

  it("races without TimingData still give race-control, track-status and weather events", async () => {
    const sakhir = (await detectArchiveEvents(archive, SAKHIR_2023)).events;
    expect(of(sakhir, "penalty").length).toBeGreaterThan(0);
    expect(of(sakhir, "virtual-safety-car").length).toBeGreaterThan(0);
    expect(of(sakhir, "overtake")).toEqual([]);
    const singapore = (await detectArchiveEvents(archive, SINGAPORE_2025)).events;
    expect(of(singapore, "rain-start").length).toBeGreaterThan(0);
    expect(of(singapore, "rain-stop").length).toBe(of(singapore, "rain-start").length);
  }, 30_000);
});

describe("EventDetector on a hand-made race", () => {
  function driver(car: number, tla: string, position: number, fields: Partial<LiveDriver> = {}): LiveDriver {
    return {
      driverNumber: car,
      tla,
      broadcastName: `X ${tla}`,
      teamName: "Team",
      teamColour: null,
      position,
      gapToLeader: null,
      gapToLeaderS: null,
      interval: null,
      intervalS: null,
      lapsCompleted: 5,
      lastLap: {time: null, seconds: null, personalBest: false, overallBest: false},
      bestLap: {time: null, seconds: null, personalBest: false, overallBest: false, lap: null},
      sectors: [],
      tyre: null,
      stint: 1,
      pitStops: 0,
      inPit: false,
      pitOut: false,
      retired: false,
      stopped: false,
      knockedOut: false,
      ...fields,
    };
  }

  /** A race under way: AAA leads BBB and CCC on lap 6. */
  function race(): {
    state: LiveState;
    step: (at: number, change: (state: LiveState) => void) => CommentaryEvent[];
  } {
    const state = emptyLiveState("test");
    const detector = new EventDetector();
    const step = (at: number, change: (state: LiveState) => void) => {
      change(state);
      return detector.observe(state, {topic: "TimingData", offsetMs: at, utc: null});
    };
    state.session = {...state.session, type: "Race", name: "Race", status: "Inactive"};
    state.lapCount = {current: 6, total: 50};
    state.drivers = {"1": driver(1, "AAA", 1), "2": driver(2, "BBB", 2), "3": driver(3, "CCC", 3)};
    detector.observe(state, {topic: "SessionStatus", offsetMs: 0, utc: null});
    state.session = {...state.session, status: "Started"};
    detector.observe(state, {topic: "SessionStatus", offsetMs: 1_000, utc: null});
    detector.observe(state, {topic: "TimingData", offsetMs: 10_000, utc: null});
    return {state, step};
  }
  const set = (state: LiveState, car: number, fields: Partial<LiveDriver>) =>
    (state.drivers = {...state.drivers, [car]: {...state.drivers[car]!, ...fields}});

  it("a pass on track is an overtake once the order has held", () => {
    const {step} = race();
    expect(step(20_000, (s) => (set(s, 3, {position: 2}), set(s, 2, {position: 3})))).toEqual([]);
    const events = step(26_000, () => {});
    expect(events.map((event) => event.headline)).toEqual(["CCC passes BBB for P2"]);
  });

  it("a flicker that undoes itself before settling is nothing", () => {
    const {step} = race();
    step(20_000, (s) => (set(s, 3, {position: 2}), set(s, 2, {position: 3})));
    step(21_000, (s) => (set(s, 3, {position: 3}), set(s, 2, {position: 2})));
    expect(step(40_000, () => {})).toEqual([]);
  });

  it("a car losing places by pitting is a pit stop, not an overtake; the undercut is a pit-position change", () => {
    const {step} = race();
    // CCC stopped earlier (one stop), now BBB comes in from P2 and rejoins behind CCC.
    step(12_000, (s) => set(s, 3, {pitStops: 1}));
    step(20_000, (s) => set(s, 2, {inPit: true, pitStops: 1}));
    step(30_000, (s) => (set(s, 3, {position: 2}), set(s, 2, {position: 3})));
    step(42_000, (s) =>
      set(s, 2, {inPit: false, pitOut: true, tyre: {compound: "HARD", isNew: true, ageLaps: 0}}),
    );
    const events = step(50_000, () => {});
    expect(events.map((event) => event.kind).sort()).toEqual(["pit-position-change", "pit-stop"]);
    const stop = events.find((event) => event.kind === "pit-stop")!;
    expect(stop.facts).toMatchObject({
      pitLaneTimeS: "22.0",
      positionBefore: 2,
      positionAfter: 3,
      newTyres: "HARD",
      lap: 6,
    });
    expect(events.find((event) => event.kind === "pit-position-change")!.headline).toBe(
      "CCC gets ahead of BBB through the pit stops",
    );
  });

  it("no overtakes behind the safety car; one event per change of phase from race control and track status", () => {
    const {state, step} = race();
    const deployed = step(20_000, (s) => (s.trackStatus = {status: "4", message: "SCDeployed"}));
    expect(deployed.map((event) => event.kind)).toEqual(["safety-car"]);
    state.raceControl = [
      {
        date: null,
        lap: 6,
        category: "SafetyCar",
        flag: null,
        scope: null,
        sector: null,
        driverNumber: null,
        message: "SAFETY CAR DEPLOYED",
      },
    ];
    expect(step(20_100, () => {})).toEqual([]);
    step(30_000, (s) => (set(s, 3, {position: 2}), set(s, 2, {position: 3})));
    expect(step(40_000, () => {})).toEqual([]);
    const clear = step(50_000, (s) => (s.trackStatus = {status: "1", message: "AllClear"}));
    expect(clear.map((event) => event.headline)).toEqual(["Track clear after the safety car"]);
  });

  it("a swing in win probability, when the predictions topic has one", () => {
    const {step} = race();
    const predictions = (lap: number, win: Record<string, number>) => ({
      model: "in-race" as const,
      lap,
      totalLaps: 50,
      win,
      rejoinPosition: {},
      pitLossS: 20,
      pitWindow: {},
    });
    step(20_000, (s) => (s.predictions = predictions(5, {"1": 0.7, "2": 0.2, "3": 0.1})));
    const events = step(30_000, (s) => (s.predictions = predictions(6, {"1": 0.4, "2": 0.5, "3": 0.1})));
    expect(events.map((event) => event.headline)).toEqual(["BBB: win chance 20% to 50%"]);
  });
});
