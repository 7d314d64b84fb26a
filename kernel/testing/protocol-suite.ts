import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import WebSocket from "ws";
import {CLOSE_CODES, type LiveState} from "../../src/sport/kernel-messages.js";
import {createFolderReader} from "../../sources/livetiming/index.js";
import {projectRoot} from "../../sources/settings.js";
import {loadReplaySource, type ReplaySource} from "../feeds/replay-feed.js";
import {TimingModel} from "../timing/timing-model.js";
import {LiveTestClient} from "./live-test-client.js";

/** A kernel under test, on some runtime. */
export interface LaunchedKernel {
  url: string;
  close(): Promise<void>;
}

export type LaunchKernel = (options: {captureDir: string; token: string}) => Promise<LaunchedKernel>;

export const archive = createFolderReader(resolve(projectRoot, "..", "shared", "data", "livetiming"));
export const MIAMI_SPRINT = "2025/2025-05-04_Miami_Grand_Prix/2025-05-03_Sprint/";
export const MIAMI_ID = "2025-miami-grand-prix-sprint";
/** Two minutes before the chequered flag: the last laps of the sprint, busy with timing. */
export const LATE_IN_THE_RACE_MS = 6_300_000;

let source: Promise<ReplaySource> | null = null;

/** The live state after the first `seq` messages of the session, computed offline from the archive. */
export async function offlineStateAt(seq: number): Promise<LiveState> {
  source ??= loadReplaySource(archive, MIAMI_SPRINT);
  const {messages, streamStartMs} = await source;
  const model = new TimingModel(MIAMI_ID);
  for (const message of messages.slice(0, seq)) {
    model.apply({
      topic: message.topic,
      offsetMs: message.offsetMs,
      utc: streamStartMs == null ? null : streamStartMs + message.offsetMs,
      change: structuredClone(message.change),
    });
  }
  return JSON.parse(JSON.stringify(model.state)) as LiveState;
}

/** Calls a control endpoint of the kernel. */
export async function control(url: string, token: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: "POST",
    headers: {authorization: `Bearer ${token}`, "content-type": "application/json"},
    body: JSON.stringify(body ?? {}),
  });
}

async function serverSeq(url: string): Promise<number> {
  const response = await fetch(`${url}/v1/sessions/${MIAMI_ID}/snapshot?topics=lapCount`);
  return ((await response.json()) as {seq: number}).seq;
}

/** Pauses the replay and waits until `clients` have everything the kernel sent. */
async function pauseAndSettle(url: string, token: string, clients: LiveTestClient[]): Promise<number> {
  expect((await control(url, token, `/v1/sessions/${MIAMI_ID}/replay/pause`)).status).toBe(200);
  const seq = await serverSeq(url);
  for (const client of clients) await client.waitFor(() => client.seq === seq, 10_000, `seq ${seq}`);
  return seq;
}

/** The protocol tests, run against a kernel started by `launch` (Node in-process, Deno in a child process). */
export function describeProtocol(runtime: string, launch: LaunchKernel): void {
  describe(`kernel protocol on ${runtime}`, () => {
    const token = "test-token";
    let kernel: LaunchedKernel;
    let captureDir: string;

    beforeAll(async () => {
      captureDir = await mkdtemp(join(tmpdir(), "pitwall-capture-"));
      kernel = await launch({captureDir, token});
      const started = await control(kernel.url, token, "/v1/feeds/replay", {
        path: MIAMI_SPRINT,
        speed: 20,
        startAtMs: LATE_IN_THE_RACE_MS,
      });
      expect(started.status).toBe(201);
    });

    afterAll(async () => {
      await kernel?.close();
      await rm(captureDir, {recursive: true, force: true});
    });

    it("a snapshot and then deltas equal the state computed offline from the archive", async () => {
      const client = await LiveTestClient.connect(kernel.url);
      client.subscribe(MIAMI_ID);
      await client.waitFor(() => client.state != null, 10_000, "snapshot");
      const snapshot = client.messages.find((message) => message.t === "snapshot")!;
      // Deltas may have followed by now: compare the snapshot with the state at its own seq.
      if (snapshot.t !== "snapshot") throw new Error("expected a snapshot");
      expect(snapshot.state).toEqual(await offlineStateAt(snapshot.seq));
      const first = client.seq;
      await client.waitFor(() => client.seq >= first + 100, 20_000, "100 deltas");
      const seq = await pauseAndSettle(kernel.url, token, [client]);
      expect(client.violations).toEqual([]);
      expect(new Set(client.deltaSeqs).size).toBe(client.deltaSeqs.length);
      expect(client.state).toEqual(await offlineStateAt(seq));
      client.close();
    });

    it("a client that reconnects with its last seq gets every missed delta exactly once, in order", async () => {
      expect((await control(kernel.url, token, `/v1/sessions/${MIAMI_ID}/replay/resume`)).status).toBe(200);
      const first = await LiveTestClient.connect(kernel.url);
      first.subscribe(MIAMI_ID);
      await first.waitFor(() => first.state != null, 10_000, "snapshot");
      const start = first.seq;
      await first.waitFor(() => first.seq >= start + 30, 20_000, "30 deltas");
      first.close();
      const lastSeq = first.seq;
      // Let the kernel move on while the client is away.
      const away = await serverSeq(kernel.url);
      await new Promise((done) => setTimeout(done, 500));
      expect(await serverSeq(kernel.url)).toBeGreaterThan(away);

      const again = await LiveTestClient.connect(kernel.url);
      again.state = structuredClone(first.state);
      again.seq = lastSeq;
      again.subscribe(MIAMI_ID, {lastSeq});
      const seq = await pauseAndSettle(kernel.url, token, [again]);
      const subscribed = again.messages.find((message) => message.t === "subscribed");
      expect(subscribed).toMatchObject({resumed: true});
      expect(again.messages.some((message) => message.t === "snapshot")).toBe(false);
      expect(again.violations).toEqual([]);
      expect(again.ranges[0]![0]).toBe(lastSeq + 1);
      const covered = again.ranges.flatMap(([from, to]) =>
        Array.from({length: to - from + 1}, (_, i) => from + i),
      );
      expect(covered).toEqual(Array.from({length: seq - lastSeq}, (_, i) => lastSeq + 1 + i));
      expect(again.state).toEqual(await offlineStateAt(seq));
      again.close();
    });

    it("a client whose last seq is not in the window gets a fresh snapshot", async () => {
      const client = await LiveTestClient.connect(kernel.url);
      const seq = await serverSeq(kernel.url);
      client.subscribe(MIAMI_ID, {lastSeq: seq + 1000});
      await client.waitFor(() => client.state != null, 10_000, "snapshot");
      expect(client.messages.find((message) => message.t === "subscribed")).toMatchObject({resumed: false});
      expect(client.state).toEqual(await offlineStateAt(client.seq));
      client.close();
    });

    it("topics: a client sees only what it subscribed to", async () => {
      const client = await LiveTestClient.connect(kernel.url);
      client.subscribe(MIAMI_ID, {topics: ["lapCount", "trackStatus"]});
      await client.waitFor(() => client.state != null, 10_000, "snapshot");
      expect(Object.keys(client.state!).sort()).toEqual(["lapCount", "trackStatus"]);
      client.close();
    });

    it("a broadcast delay holds back every delta alike", async () => {
      const delayMs = 1_500;
      const client = await LiveTestClient.connect(kernel.url);
      const arrivals: {at: number; received: number}[] = [];
      client.socket.on("message", (data) => {
        const message = JSON.parse(data.toString()) as {t: string; at?: number};
        if (message.t === "delta") arrivals.push({at: message.at!, received: Date.now()});
      });
      client.subscribe(MIAMI_ID, {delayMs});
      await client.waitFor(() => client.state != null, 10_000, "snapshot");
      expect((await control(kernel.url, token, `/v1/sessions/${MIAMI_ID}/replay/resume`)).status).toBe(200);
      await client.waitFor(() => arrivals.length >= 5, 20_000, "delayed deltas");
      const seq = await pauseAndSettle(kernel.url, token, [client]);
      // Kernel and test share this machine's clock; a tick (50-100 ms) of slack below the delay is not allowed.
      for (const arrival of arrivals)
        expect(arrival.received - arrival.at).toBeGreaterThanOrEqual(delayMs - 5);
      expect(client.violations).toEqual([]);
      expect(client.state).toEqual(await offlineStateAt(seq));
      client.close();
    });

    it("hostile clients are closed with a clear code and others are not affected", async () => {
      const bystander = await LiveTestClient.connect(kernel.url);
      bystander.subscribe(MIAMI_ID);
      await bystander.waitFor(() => bystander.state != null, 10_000, "snapshot");
      expect((await control(kernel.url, token, `/v1/sessions/${MIAMI_ID}/replay/resume`)).status).toBe(200);

      const hostile = async (
        act: (client: LiveTestClient) => void,
      ): Promise<{code: number; reason: string; error: string | undefined}> => {
        const client = await LiveTestClient.connect(kernel.url);
        act(client);
        const code = await client.closed();
        const error = client.messages.find((message) => message.t === "error");
        return {code, reason: client.closeReason, error: error?.t === "error" ? error.code : undefined};
      };
      expect(await hostile((c) => c.socket.send("{not json"))).toMatchObject({code: CLOSE_CODES.malformed});
      expect((await hostile((c) => c.socket.send("x".repeat(100_000)))).code).toBe(CLOSE_CODES.tooBig);
      expect(await hostile((c) => c.sendJson({op: "explode"}))).toMatchObject({
        code: CLOSE_CODES.invalidMessage,
        reason: expect.stringMatching(/unknown op "explode"/),
      });
      expect(
        await hostile((c) => c.sendJson({op: "subscribe", session: MIAMI_ID, delayMs: -5})),
      ).toMatchObject({
        code: CLOSE_CODES.invalidMessage,
        reason: expect.stringMatching(/delayMs/),
      });
      expect((await hostile((c) => c.sendJson({op: "subscribe", session: "no-such-session"}))).code).toBe(
        CLOSE_CODES.unknownSession,
      );
      const flood = await hostile((c) => {
        for (let i = 0; i < 200; i++) c.sendJson({op: "ping"});
      });
      expect(flood.error).toBe(String(CLOSE_CODES.flood));
      expect(flood.code).toBe(CLOSE_CODES.flood);
      expect((await hostile((c) => c.socket.send(Buffer.from([1, 2, 3])))).code).toBe(
        CLOSE_CODES.unsupportedData,
      );
      await expect(LiveTestClient.connect(kernel.url, {origin: "https://evil.example"})).rejects.toThrow(
        /403/,
      );

      const seq = await pauseAndSettle(kernel.url, token, [bystander]);
      expect(bystander.closeCode).toBeNull();
      expect(bystander.violations).toEqual([]);
      expect(bystander.state).toEqual(await offlineStateAt(seq));
      bystander.close();
    });

    it("REST and WebSocket agree: the snapshot endpoint serves the same state", async () => {
      const response = await fetch(`${kernel.url}/v1/sessions/${MIAMI_ID}/snapshot`);
      const body = (await response.json()) as {seq: number; state: LiveState};
      expect(body.state).toEqual(await offlineStateAt(body.seq));
    });

    it("a raw socket without the client library gets hello first", async () => {
      const socket = new WebSocket(`${kernel.url.replace(/^http/, "ws")}/v1/live`);
      const first = await new Promise<string>((done, fail) => {
        socket.once("message", (data) => done(data.toString()));
        socket.once("error", fail);
      });
      expect(JSON.parse(first)).toMatchObject({t: "hello", protocol: 1});
      socket.close();
    });
  });
}
