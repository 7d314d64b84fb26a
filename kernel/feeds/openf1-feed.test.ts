import {afterEach, describe, expect, it} from "vitest";
import {
  readRecorded,
  SINGAPORE_RACE_START,
  startOpenF1Harness,
  type OpenF1Harness,
} from "../../test/fakes/openf1-harness.js";
import type {FeedEvent} from "../timing/feed-event.js";
import {TimingModel} from "../timing/timing-model.js";
import {OpenF1Feed} from "./openf1-feed.js";

let harness: OpenF1Harness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

type Row = Record<string, unknown>;

describe("OpenF1Feed against the fake OpenF1 releasing session 9606 over time", () => {
  it("polls with date> windows inside the rate limit and ends with the recorded race's order, laps and stops", async () => {
    harness = await startOpenF1Harness({
      fake: {releaseByDate: true},
      startMs: SINGAPORE_RACE_START - 10 * 60_000,
    });
    const {client, clock, fake} = harness;
    const events: FeedEvent[] = [];
    const model = new TimingModel("9606");
    const feed = new OpenF1Feed({client, sessionKey: 9606, sessionId: "9606", clock, pollMs: 30_000});
    feed.connect((event) => {
      events.push(event);
      model.apply(event);
    });
    const pollMs = 30_000;
    const end = SINGAPORE_RACE_START + 2.5 * 3600_000;
    let midRaceLaps = -1;
    while (clock.now() < end) {
      await feed.poll();
      clock.advance(pollMs);
      if (midRaceLaps < 0 && clock.now() > SINGAPORE_RACE_START + 3600_000) {
        midRaceLaps = Math.max(
          ...Object.values(model.state.drivers).map((driver) => driver.lapsCompleted ?? 0),
        );
      }
    }
    // Live, not all at once: an hour in, the leader was mid-race.
    expect(midRaceLaps).toBeGreaterThan(20);
    expect(midRaceLaps).toBeLessThan(50);

    const positions = readRecorded<Row>("position");
    const laps = readRecorded<Row>("laps");
    const pits = readRecorded<Row>("pit");
    const lastPosition = new Map<number, number>();
    for (const row of [...positions].sort((a, b) => String(a.date).localeCompare(String(b.date))))
      lastPosition.set(Number(row.driver_number), Number(row.position));
    for (const [car, position] of lastPosition)
      expect(model.state.drivers[car]!.position, `car ${car}`).toBe(position);
    for (const car of lastPosition.keys()) {
      const own = laps.filter((lap) => lap.driver_number === car && lap.lap_duration != null);
      expect(model.state.drivers[car]!.lapsCompleted, `laps of ${car}`).toBe(
        Math.max(...own.map((lap) => Number(lap.lap_number))),
      );
      expect(model.state.drivers[car]!.bestLap.seconds, `best of ${car}`).toBe(
        Math.min(...own.map((lap) => Number(lap.lap_duration))),
      );
      expect(model.state.drivers[car]!.pitStops ?? 0, `stops of ${car}`).toBe(
        pits.filter((pit) => pit.driver_number === car).length,
      );
    }
    expect(model.state.drivers["1"]!.tla).toBe("VER");
    expect(model.state.session.name).toBe("Race");

    // Each position row arrived exactly once, and every window started where the last one ended.
    const positionEvents = events.filter((event) => JSON.stringify(event.change).includes('"Position"'));
    expect(positionEvents).toHaveLength(positions.length);
    const afters = fake.requests
      .filter((request) => request.endpoint === "position")
      .map((request) =>
        decodeURIComponent(/date>=?([^&]*)/.exec(request.query.replace(/%3E/gi, ">"))?.[1] ?? ""),
      );
    expect(afters.length).toBeGreaterThan(50);
    for (let i = 1; i < afters.length; i++) expect(afters[i]! >= afters[i - 1]!).toBe(true);
    expect(fake.requests.filter((request) => request.status === 429)).toEqual([]);
    expect(feed.counts.errors).toBe(0);
  });
});
