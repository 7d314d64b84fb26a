import {deflateRawSync, inflateRawSync} from "node:zlib";
import {afterEach, describe, expect, it} from "vitest";
import {
  startFakeSignalR,
  type FakeSignalR,
  type FakeSignalROptions,
} from "../../test/fakes/signalr-server.js";
import type {FeedEvent} from "../timing/feed-event.js";
import {TimingModel} from "../timing/timing-model.js";
import {SIGNALR_TOPICS, SignalRFeed} from "./signalr-feed.js";

let fake: FakeSignalR | null = null;
let feed: SignalRFeed | null = null;

afterEach(async () => {
  feed?.stop();
  await fake?.close();
  fake = feed = null;
});

/** The live state the recording ends in, built from each topic's final state alone (no incremental merging). */
function finalStateOf(server: FakeSignalR): unknown {
  const model = new TimingModel("imola");
  for (const [topic, state] of Object.entries(server.stateAt(server.endUtc, SIGNALR_TOPICS))) {
    const change = typeof state === "string" ? inflate(state) : state;
    model.apply({topic, offsetMs: 0, utc: null, change, replace: true});
  }
  return JSON.parse(JSON.stringify(model.state));
}

function inflate(payload: string): unknown {
  return JSON.parse(inflateRawSync(Buffer.from(payload, "base64")).toString());
}

/** Follows the fake until its recording has been played out; returns the model the events built. */
async function follow(options: FakeSignalROptions, during?: (server: FakeSignalR) => void, settleMs = 200) {
  fake = await startFakeSignalR(options);
  const server = fake;
  const model = new TimingModel("imola");
  const events: FeedEvent[] = [];
  feed = new SignalRFeed({baseUrl: server.baseUrl, sessionId: "imola", backoffMs: 50, log: () => {}});
  feed.start((event) => {
    events.push(event);
    model.apply(event);
  });
  during?.(server);
  while (server.sessionNow() < server.endUtc + 5_000) await new Promise((done) => setTimeout(done, 50));
  await new Promise((done) => setTimeout(done, settleMs));
  return {server, model, events};
}

const positionFrame = (utc: string) => ({
  H: "Streaming" as const,
  M: "feed" as const,
  A: [
    "Position.z",
    deflateRawSync(
      JSON.stringify({
        Position: [{Timestamp: utc, Entries: {"81": {Status: "OnTrack", X: -1200, Y: 3400, Z: 56}}}],
      }),
    ).toString("base64"),
    utc,
  ] as [string, string, string],
});

describe("SignalRFeed against the fake live-timing server (2024 Imola qualifying frames)", () => {
  it("negotiates, connects, subscribes, and ends in the state the recording ends in", async () => {
    const {server, model, events} = await follow({
      speed: 3000,
      extraFrames: [positionFrame("2024-05-18T14:30:00.000Z")],
    });
    expect(server.log.slice(0, 4)).toEqual(["negotiate", "connect", "start", "subscribe"]);
    const initial = events.filter((event) => event.replace);
    expect(initial.map((event) => event.topic)).toEqual(
      expect.arrayContaining([
        "DriverList",
        "ExtrapolatedClock",
        "Heartbeat",
        "LapCount",
        "SessionData",
        "SessionInfo",
        "TimingAppData",
        "TimingData",
        "TimingStats",
        "TopThree",
        "TrackStatus",
        "WeatherData",
      ]),
    );
    // Every frame sent was received (those played before the subscribe are in its reply instead).
    expect(feed!.counts.frames).toBe(server.framesSent());
    expect(feed!.counts.frames).toBeGreaterThan(1_000);
    expect(JSON.parse(JSON.stringify(model.state))).toEqual(finalStateOf(server));
    // The .z frame was inflated into the track map.
    expect(model.state.positions["81"]).toMatchObject({x: -1200, y: 3400, z: 56, status: "OnTrack"});
    expect(Object.keys(model.state.drivers)).toHaveLength(20);
    expect(model.state.session.status).toBe("Finalised");
    // Offsets count from the first message; frames carry the feed's own UTC.
    expect(events.every((event) => event.offsetMs >= 0 && event.utc != null)).toBe(true);
  });

  it("reconnects with backoff after the connection drops and catches up through a fresh subscribe", async () => {
    const {server, model} = await follow({speed: 2000}, (server) => {
      setTimeout(() => server.dropConnections(), 600);
    });
    expect(feed!.counts.reconnects).toBeGreaterThanOrEqual(1);
    expect(server.log.filter((entry) => entry === "subscribe").length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(JSON.stringify(model.state))).toEqual(finalStateOf(server));
  });

  it("reads keep-alives and reconnects when the server is unreachable at first", async () => {
    feed = new SignalRFeed({
      baseUrl: "http://127.0.0.1:9",
      sessionId: "imola",
      backoffMs: 20,
      maxBackoffMs: 50,
      log: () => {},
    });
    feed.start(() => {});
    await new Promise((done) => setTimeout(done, 300));
    expect(feed.status()).toMatchObject({state: "reconnecting"});
    expect(feed.counts.reconnects).toBeGreaterThanOrEqual(2);
    feed.stop();
    const {events} = await follow({speed: 3000, keepAliveMs: 400});
    expect(events.length).toBeGreaterThan(0);
    for (let waited = 0; feed!.counts.keepAlives === 0 && waited < 5_000; waited += 100) {
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(feed!.counts.keepAlives).toBeGreaterThan(0);
  });
});
