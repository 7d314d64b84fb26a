import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, describe, expect, it} from "vitest";
import type {ServerMessage} from "../../src/sport/kernel-messages.js";
import {applyPatch} from "../../src/sport/live-patch.js";
import {FileSessionLog} from "../capture/capture-log.js";
import type {LiveConnection, SharedMessage} from "./connection.js";
import {SessionChannel} from "./session-channel.js";

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, {recursive: true, force: true});
});

async function makeChannel(options: ConstructorParameters<typeof SessionChannel>[1] = {}) {
  const folder = await mkdtemp(join(tmpdir(), "pitwall-channel-"));
  folders.push(folder);
  let now = 1_000_000;
  const channel = new SessionChannel(new FileSessionLog(folder, "test-session"), {
    now: () => now,
    ...options,
  });
  return {channel, folder, advance: (ms: number) => (now += ms)};
}

/** A connection whose send buffer the test controls: a client on a slow link. */
function slowConnection() {
  const sent: ServerMessage[] = [];
  let bytes = 0;
  const connection: LiveConnection & {buffered: number} = {
    buffered: 0,
    remoteAddress: "test",
    send(message: SharedMessage) {
      sent.push(JSON.parse(message.text) as ServerMessage);
      bytes += message.text.length;
    },
    bufferedAmount() {
      return this.buffered;
    },
    close() {},
  };
  return {connection, sent, bytes: () => bytes};
}

const lap = (n: number) => ({
  topic: "LapCount",
  offsetMs: n * 1000,
  utc: null,
  change: {CurrentLap: n, TotalLaps: 50},
});

describe("SessionChannel", () => {
  it("stops writing to a client whose buffer is full and sends it the state, not a backlog, once it drains", async () => {
    const {channel} = await makeChannel({highWaterBytes: 1000, maxDeltasPerMessage: 10});
    const client = slowConnection();
    channel.subscribe(client.connection, {});
    channel.ingest(lap(1));
    channel.tick();
    expect(client.sent.map((message) => message.t)).toEqual(["subscribed", "snapshot", "delta"]);

    client.connection.buffered = 5_000;
    const before = client.bytes();
    for (let n = 2; n <= 100; n++) {
      channel.ingest(lap(n));
      channel.tick();
    }
    expect(client.bytes()).toBe(before);
    expect(channel.getStats().skippedSlow).toBe(99);

    client.connection.buffered = 0;
    channel.tick();
    const last = client.sent.at(-1)!;
    expect(last).toMatchObject({t: "snapshot", seq: 100});
    expect(last.t === "snapshot" && last.state.lapCount).toEqual({current: 100, total: 50});
    channel.stop();
  });

  it("a client a few deltas behind gets exactly those deltas in one message", async () => {
    const {channel} = await makeChannel({highWaterBytes: 1000, maxDeltasPerMessage: 10});
    const client = slowConnection();
    channel.subscribe(client.connection, {});
    client.connection.buffered = 5_000;
    for (let n = 1; n <= 5; n++) channel.ingest(lap(n));
    channel.tick();
    client.connection.buffered = 0;
    channel.tick();
    const delta = client.sent.at(-1)!;
    expect(delta).toMatchObject({t: "delta", from: 1, to: 5});
    let state = (client.sent.find((message) => message.t === "snapshot") as {state: object}).state;
    for (const [, patch] of (delta as {d: [number, object][]}).d) state = applyPatch(state, patch);
    expect(state).toEqual(JSON.parse(JSON.stringify(channel.model.state)));
    channel.stop();
  });

  it("a client resuming far back inside the window gets every delta once, in messages of bounded size", async () => {
    const {channel} = await makeChannel({maxDeltasPerMessage: 10});
    for (let n = 1; n <= 35; n++) channel.ingest(lap(n));
    const resumed = slowConnection();
    channel.subscribe(resumed.connection, {lastSeq: 3});
    const deltas = resumed.sent.filter((message) => message.t === "delta");
    expect(resumed.sent.some((message) => message.t === "snapshot")).toBe(false);
    expect(deltas.map((message) => [message.from, message.to])).toEqual([
      [4, 13],
      [14, 23],
      [24, 33],
      [34, 35],
    ]);
    const live = slowConnection();
    channel.subscribe(live.connection, {});
    live.connection.buffered = 5_000;
    for (let n = 36; n <= 60; n++) channel.ingest(lap(n));
    channel.tick();
    live.connection.buffered = 0;
    channel.tick();
    expect(live.sent.at(-1)).toMatchObject({t: "snapshot", seq: 60});
    channel.stop();
  });

  it("keeps a bounded window and rebuilds a past state from keyframes for delayed clients", async () => {
    const {channel, advance} = await makeChannel({retainMax: 50, keyframeEvery: 7});
    for (let n = 1; n <= 200; n++) {
      channel.ingest(lap(n));
      advance(100);
    }
    expect(channel.getStats().retained).toBe(50);
    expect(channel.stateAt(180).lapCount).toEqual({current: 180, total: 50});
    expect(channel.stateAt(151).lapCount).toEqual({current: 151, total: 50});
    const delayed = slowConnection();
    channel.subscribe(delayed.connection, {delayMs: 2_050});
    const snapshot = delayed.sent.find((message) => message.t === "snapshot");
    // Event n arrived at (n - 1) × 100 ms and it is now 20 s: 2.05 s ago the newest was event 180.
    expect(snapshot).toMatchObject({seq: 180});
    channel.stop();
  });

  it("reopening the capture restores the same state and continues the sequence", async () => {
    const {channel, folder} = await makeChannel();
    for (let n = 1; n <= 30; n++) channel.ingest(lap(n));
    const state = JSON.parse(JSON.stringify(channel.model.state));
    channel.stop();
    channel.log.close();
    const reopened = new SessionChannel(new FileSessionLog(folder, "test-session"));
    expect(reopened.seq).toBe(30);
    expect(JSON.parse(JSON.stringify(reopened.model.state))).toEqual(state);
    expect(reopened.ingest(lap(31)).seq).toBe(31);
    reopened.stop();
    reopened.log.close();
  });
});
