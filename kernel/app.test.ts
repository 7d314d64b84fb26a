import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {startFakeSignalR, type FakeSignalR} from "../test/fakes/signalr-server.js";
import {createKernel, type Kernel} from "./kernel.js";
import {startNodeKernel} from "./node.js";
import {LiveTestClient} from "./testing/live-test-client.js";
import {archive, MIAMI_ID, MIAMI_SPRINT} from "./testing/protocol-suite.js";

const token = "app-token";
let kernel: Kernel;
let captureDir: string;
let address = "10.0.0.1";

beforeAll(async () => {
  captureDir = await mkdtemp(join(tmpdir(), "pitwall-app-"));
  kernel = await createKernel({
    captureDir,
    archive,
    tokens: [token],
    allowedOrigins: ["http://127.0.0.1:3000"],
    clientAddress: () => address,
    rateLimits: {requestsPerMinute: 1000, sqlPerMinute: 4},
    liveFeeds: null,
  });
});

afterAll(async () => {
  await kernel?.close();
  await rm(captureDir, {recursive: true, force: true});
});

const request = (path: string, init: RequestInit = {}) => kernel.app.request(path, init);
const post = (path: string, body: unknown, auth: string | null = token) =>
  request(path, {
    method: "POST",
    headers: {"content-type": "application/json", ...(auth ? {authorization: `Bearer ${auth}`} : {})},
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("kernel REST", () => {
  it("health and the archived sessions", async () => {
    expect(await (await request("/v1/health")).json()).toMatchObject({status: "ok", sessions: 0});
    const sessions = (await (await request("/v1/sessions")).json()) as {archived: {sessionId: string}[]};
    expect(sessions.archived.length).toBeGreaterThanOrEqual(30);
    expect(sessions.archived.map((session) => session.sessionId)).toContain(MIAMI_ID);
  });

  it("control endpoints refuse a missing or wrong token, and take the right one", async () => {
    const body = {path: MIAMI_SPRINT, speed: 100, startAtMs: 7_000_000};
    const missing = await post("/v1/feeds/replay", body, null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({error: "unauthorized"});
    expect((await post("/v1/feeds/replay", body, "wrong")).status).toBe(403);
    expect((await post(`/v1/sessions/${MIAMI_ID}/replay/pause`, {}, null)).status).toBe(401);
    expect((await post("/v1/sql", {sql: "SELECT 1"}, null)).status).toBe(401);
    const started = await post("/v1/feeds/replay", body);
    expect(started.status).toBe(201);
    expect(await started.json()).toMatchObject({session: MIAMI_ID, feed: {kind: "replay"}});
    expect((await post("/v1/feeds/replay", body)).status).toBe(409);
    expect((await post(`/v1/sessions/${MIAMI_ID}/replay/pause`, {})).status).toBe(200);
  });

  it("rejects bad input with a 4xx that names the field", async () => {
    const tooFast = await post("/v1/feeds/replay", {path: MIAMI_SPRINT, speed: 500});
    expect(tooFast.status).toBe(400);
    expect(((await tooFast.json()) as {message: string}).message).toMatch(/speed/);
    expect((await post("/v1/feeds/replay", "{oops")).status).toBe(400);
    expect((await post("/v1/feeds/replay", {path: "nowhere"})).status).toBe(404);
    expect((await post("/v1/feeds/replay", {path: MIAMI_SPRINT, extra: 1})).status).toBe(400);
    expect((await post(`/v1/sessions/${MIAMI_ID}/replay/seek`, {lap: 99})).status).toBe(400);
    expect((await request(`/v1/sessions/${MIAMI_ID}/snapshot?topics=drivers,nonsense`)).status).toBe(400);
    expect((await request("/v1/sessions/unknown/snapshot")).status).toBe(404);
    expect((await request("/v1/nothing-here")).status).toBe(404);
  });

  it("seeks to a lap, serves the snapshot and the laps so far from the capture", async () => {
    const seek = await post(`/v1/sessions/${MIAMI_ID}/replay/seek`, {lap: 10});
    expect(seek.status).toBe(200);
    const snapshot = (await (await request(`/v1/sessions/${MIAMI_ID}/snapshot?topics=lapCount`)).json()) as {
      state: {lapCount: {current: number}};
    };
    expect(snapshot.state.lapCount.current).toBe(10);
    const laps = (await (await request(`/v1/sessions/${MIAMI_ID}/laps?driver=81`)).json()) as {
      laps: {lap_number: number}[];
    };
    // The leader has begun lap 10; car 81, a little behind, has finished lap 8 or 9.
    const numbers = laps.laps.map((lap) => lap.lap_number);
    expect(numbers.slice(0, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(numbers.length).toBeLessThanOrEqual(9);
  });

  it("metrics in Prometheus text format", async () => {
    const response = await request("/v1/metrics");
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0.0.4/);
    const text = await response.text();
    expect(text).toMatch(new RegExp(`^pitwall_kernel_events_total\\{session="${MIAMI_ID}"\\} \\d+$`, "m"));
    expect(text).toMatch(/^# TYPE pitwall_kernel_subscribers gauge$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
  });

  it("CORS: allowed origins get the header, others do not", async () => {
    const allowed = await request("/v1/health", {headers: {origin: "http://127.0.0.1:3000"}});
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:3000");
    const other = await request("/v1/health", {headers: {origin: "https://evil.example"}});
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("SQL: runs a SELECT with parameters, refuses the rest, and is rate-limited per client", async () => {
    address = "10.0.0.2";
    const ok = await post("/v1/sql", {sql: "SELECT $a::INTEGER + 1 AS b", params: {a: 41}});
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({rows: [{b: 42}], truncated: false});
    const copy = await post("/v1/sql", {sql: "COPY (SELECT 1) TO '/tmp/pitwall-app-escape.csv'"});
    expect([400, 403]).toContain(copy.status);
    const file = await post("/v1/sql", {sql: "SELECT * FROM read_csv('/etc/passwd')"});
    expect(file.status).toBe(400);
    expect(((await file.json()) as {message: string}).message).toMatch(/disabled by configuration/);
    expect((await post("/v1/sql", {sql: "SELECT 1; SELECT 2"})).status).toBe(403);
    const limited = await post("/v1/sql", {sql: "SELECT 1"});
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    address = "10.0.0.3";
    expect((await post("/v1/sql", {sql: "SELECT 1"})).status).toBe(200);
  });

  it("OpenAPI document and a docs page, self-contained", async () => {
    const document = (await (await request("/v1/openapi.json")).json()) as {paths: Record<string, unknown>};
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/v1/sessions", "/v1/sql", "/v1/feeds/replay"]),
    );
    const html = await (await request("/v1/docs")).text();
    expect(html).toMatch(/<h1>PitWall kernel API<\/h1>/);
    expect(html).not.toMatch(/https?:\/\/(?!127)/);
  });
});

describe("kernel with the SignalR feed", () => {
  let fake: FakeSignalR;
  afterAll(async () => fake?.close());

  it("POST /v1/feeds/signalr follows the fake live-timing server; clients get the session", async () => {
    fake = await startFakeSignalR({speed: 200});
    const dir = await mkdtemp(join(tmpdir(), "pitwall-live-"));
    const running = await startNodeKernel({captureDir: dir, tokens: [token], sql: null, archive});
    try {
      const response = await fetch(`${running.url}/v1/feeds/signalr`, {
        method: "POST",
        headers: {authorization: `Bearer ${token}`, "content-type": "application/json"},
        body: JSON.stringify({baseUrl: fake.baseUrl, sessionId: "2024-imola-qualifying"}),
      });
      expect(response.status).toBe(201);
      const client = await LiveTestClient.connect(running.url);
      client.subscribe("2024-imola-qualifying");
      await client.waitFor(
        () => Object.keys(client.state?.drivers ?? {}).length === 20 && client.seq > 200,
        20_000,
        "20 drivers",
      );
      expect(client.state?.session?.name).toBe("Qualifying");
      expect(client.violations).toEqual([]);
      client.close();
    } finally {
      await running.close();
      await rm(dir, {recursive: true, force: true});
    }
  });
});
