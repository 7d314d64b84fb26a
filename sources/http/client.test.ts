import {mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {failureOf} from "../../test/http-error.js";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {projectRoot} from "../settings.js";
import {
  sendText,
  startScriptedServer,
  type ScriptedHandler,
  type ScriptedServer,
} from "../../test/fakes/scripted-server.js";
import {ResponseCache} from "./cache.js";
import {createHttp, createHttpFromSettings, type HttpOptions} from "./client.js";
import {createVirtualClock, type VirtualClock} from "./clock.js";

const sharedData = resolve(projectRoot, "..", "shared", "data");

let server: ScriptedServer | null = null;
let cacheDir: string;
let clock: VirtualClock;
let logs: string[];

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "pitwall-http-"));
  clock = createVirtualClock(Date.UTC(2024, 8, 22, 12, 0, 0));
  logs = [];
});

afterEach(async () => {
  await server?.close();
  server = null;
  await rm(cacheDir, {recursive: true, force: true});
});

async function serve(handler: ScriptedHandler): Promise<ScriptedServer> {
  server = await startScriptedServer(handler);
  return server;
}

function online(overrides: Partial<HttpOptions> = {}) {
  return createHttp({
    mirror: null,
    cacheDir: null,
    clock,
    log: (line) => logs.push(line),
    retry: {random: () => 0.5},
    ...overrides,
  });
}

describe("mirror mode", () => {
  it("answers a recorded OpenF1 URL offline, whatever the order of its parameters", async () => {
    const http = await createHttp({mirror: sharedData});
    const laps = await http.getJson<unknown[]>("https://api.openf1.org/v1/laps?session_key=9606");
    const recorded = JSON.parse(
      await readFile(join(sharedData, "openf1/9606/laps.json"), "utf8"),
    ) as unknown[];
    expect(laps).toEqual(recorded);
    expect(laps.length).toBeGreaterThan(1000);
    expect(await http.listMirrored("https://api.openf1.org/v1/")).toContain(
      "https://api.openf1.org/v1/laps?session_key=9606",
    );
  });

  it("says what to do when the mirror lacks a URL", async () => {
    const http = await createHttp({mirror: sharedData});
    const error = await failureOf(http.getJson("https://api.openf1.org/v1/stints?session_key=9606"));
    expect(error.kind).toBe("not-mirrored");
    expect(error.message).toMatch(/urls\.tsv/);
    expect(error.message).toMatch(/PITWALL_MIRROR=none/);
  });

  it("is a product setting: createHttpFromSettings reads the mirror from PITWALL_MIRROR", async () => {
    const {readSettings} = await import("../settings.js");
    const settings = readSettings({PITWALL_MIRROR: sharedData, PITWALL_CACHE_DIR: cacheDir});
    const http = await createHttpFromSettings({log: (line) => logs.push(line)}, settings);
    const pit = await http.getJson<unknown[]>("https://api.openf1.org/v1/pit?session_key=9606");
    expect(pit).toHaveLength(23);
    expect(logs.join("\n")).toMatch(/answering from the mirror/);
  });
});

describe("on-disk cache", () => {
  it("serves a second run from disk, and fresh bypasses it", async () => {
    const {url, requests} = await serve((_req, res, index) => sendText(res, 200, `[${index}]`));
    const first = await online({cacheDir});
    expect(await first.getJson(`${url}/v1/laps?session_key=1&driver_number=4`)).toEqual([0]);
    const second = await online({cacheDir});
    // The same URL with its parameters in another order is the same cache entry.
    expect(await second.getJson(`${url}/v1/laps?driver_number=4&session_key=1`)).toEqual([0]);
    expect(requests).toHaveLength(1);
    expect(await second.getJson(`${url}/v1/laps?session_key=1&driver_number=4`, {fresh: true})).toEqual([1]);
    expect(requests).toHaveLength(2);
    // fresh still writes: the next ordinary read sees the newer body.
    expect(await (await online({cacheDir})).getJson(`${url}/v1/laps?session_key=1&driver_number=4`)).toEqual([
      1,
    ]);
    expect(requests).toHaveLength(2);
  });

  it("leaves no temporary files and refetches a damaged entry", async () => {
    const {url, requests} = await serve((_req, res) => sendText(res, 200, `{"ok":true}`));
    const http = await online({cacheDir});
    await http.getJson(`${url}/a`);
    const cache = new ResponseCache(cacheDir);
    const entry = cache.pathFor(`${url}/a`);
    const folder = await readdir(join(entry, ".."));
    expect(folder.filter((name) => name.endsWith(".tmp"))).toEqual([]);
    // Cut the entry short, as a disk fault might: it must be refetched, never served.
    const text = await readFile(entry, "utf8");
    await writeFile(entry, text.slice(0, -3));
    expect(await (await online({cacheDir})).getJson(`${url}/a`)).toEqual({ok: true});
    expect(requests).toHaveLength(2);
    expect(logs.join("\n")).toMatch(/damaged entry/);
  });

  it("keeps a 404 only when asked, and only for its time to live", async () => {
    const {url, requests} = await serve((_req, res) => sendText(res, 404, `{"detail":"No results found."}`));
    const http = await online({cacheDir});
    const ask = (ttl?: number) =>
      failureOf(http.getJson(`${url}/v1/stints?session_key=1`, {notFoundTtlMs: ttl}));
    await ask();
    await ask();
    expect(requests).toHaveLength(2);
    await ask(60_000);
    const kept = await ask(60_000);
    expect(requests).toHaveLength(3);
    expect(kept.status).toBe(404);
    expect(kept.body).toBe(`{"detail":"No results found."}`);
    expect(kept.message).toMatch(/fresh: true/);
    clock.advance(61_000);
    await ask(60_000);
    expect(requests).toHaveLength(4);
  });

  it("does not cache malformed JSON or error statuses", async () => {
    const {url, requests} = await serve((_req, res, index) =>
      index === 0
        ? sendText(res, 503, "busy")
        : index === 1
          ? sendText(res, 200, `[{"a":`)
          : sendText(res, 200, "[1]"),
    );
    const http = await online({cacheDir});
    expect(await http.getJson(`${url}/x`)).toEqual([1]);
    expect(requests).toHaveLength(3);
    expect(await (await online({cacheDir})).getJson(`${url}/x`)).toEqual([1]);
    expect(requests).toHaveLength(3);
  });

  it("writes atomically: a failed write leaves neither an entry nor a temporary file", async () => {
    const cache = new ResponseCache(cacheDir);
    const url = "https://api.openf1.org/v1/laps?session_key=1";
    const entry = cache.pathFor(url);
    // A directory where the entry should go makes the rename fail, like a crash between write and rename.
    const {mkdir} = await import("node:fs/promises");
    await mkdir(join(entry, "blocker"), {recursive: true});
    await expect(cache.write(url, "[1,2,3]")).rejects.toThrow();
    const folder = await readdir(join(entry, ".."));
    expect(folder.filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(await cache.read(url)).toBeNull();
  });
});

describe("retries", () => {
  it("retries 500s with exponential backoff and jitter, then succeeds", async () => {
    const {url, requests} = await serve((_req, res, index) =>
      index < 2
        ? sendText(res, 500, "<h1>An error occurred</h1>", {"content-type": "text/html"})
        : sendText(res, 200, "[]"),
    );
    const http = await online();
    expect(await http.getJson(`${url}/v1/laps`)).toEqual([]);
    expect(requests).toHaveLength(3);
    // random() = 0.5: half the ceiling fixed plus a quarter: 375 ms, then 750 ms.
    expect(clock.sleptMs).toBe(375 + 750);
    expect(logs.filter((line) => /Retry \d\/4/.test(line))).toHaveLength(2);
  });

  it("reports clearly after the retry budget", async () => {
    const {url, requests} = await serve((_req, res) => sendText(res, 502, "Bad Gateway"));
    const http = await online({retry: {attempts: 3, random: () => 0}});
    const error = await failureOf(http.getText(`${url}/v1/laps`));
    expect(requests).toHaveLength(3);
    expect(error.status).toBe(502);
    expect(error.attempts).toBe(3);
    expect(error.message).toContain(`${url}/v1/laps answered HTTP 502`);
    expect(error.message).toMatch(/Gave up after 3 attempts/);
    expect(error.message).toMatch(/try again later/);
  });

  it("does not retry a 404, and keeps the body for the caller", async () => {
    const {url, requests} = await serve((_req, res) => sendText(res, 404, `{"detail":"No results found."}`));
    const error = await failureOf((await online()).getJson(`${url}/v1/laps`));
    expect(requests).toHaveLength(1);
    expect(error.status).toBe(404);
    expect(error.body).toBe(`{"detail":"No results found."}`);
    expect(error.message).toMatch(/Check the URL/);
  });

  it("honours Retry-After in seconds", async () => {
    const {url} = await serve((_req, res, index) =>
      index === 0
        ? sendText(res, 429, `{"error":"Rate limit exceeded"}`, {"retry-after": "3"})
        : sendText(res, 200, "[]"),
    );
    await (await online()).getJson(`${url}/x`);
    expect(clock.sleptMs).toBe(3000);
    expect(logs.join("\n")).toMatch(/Retry-After/);
  });

  it("waits out the host's shortest window after a 429 without Retry-After", async () => {
    const {url} = await serve((_req, res, index) =>
      index === 0
        ? sendText(res, 429, `{"error":"Rate limit exceeded: 30 per 10 second"}`)
        : sendText(res, 200, "[]"),
    );
    const http = await online();
    await http.getJson(`${url}/x`, {rateLimit: [{requests: 30, perMs: 10_000}]});
    expect(clock.sleptMs).toBe(10_000);
  });

  it("honours Retry-After as an HTTP-date", async () => {
    const {url} = await serve((_req, res, index) =>
      index === 0
        ? sendText(res, 503, "", {"retry-after": new Date(clock.now() + 7000).toUTCString()})
        : sendText(res, 200, "[]"),
    );
    await (await online()).getJson(`${url}/x`);
    expect(clock.sleptMs).toBe(7000);
  });

  it("fails at once when Retry-After is beyond the cap", async () => {
    const {url, requests} = await serve((_req, res) =>
      sendText(res, 429, "slow down", {"retry-after": "3600"}),
    );
    const error = await failureOf((await online({retry: {retryAfterCapMs: 60_000}})).getJson(`${url}/x`));
    expect(requests).toHaveLength(1);
    expect(error.message).toMatch(/asks to wait 3600 s \(Retry-After\)/);
    expect(error.message).toMatch(/retryAfterCapMs/);
    expect(clock.sleptMs).toBe(0);
  });

  it("times out a slow response and retries it", async () => {
    const {url, requests} = await serve((_req, res, index) => {
      if (index === 0) setTimeout(() => res.destroyed || sendText(res, 200, "[0]"), 2_000);
      else sendText(res, 200, "[1]");
    });
    expect(await (await online({timeoutMs: 150})).getJson(`${url}/x`)).toEqual([1]);
    expect(requests).toHaveLength(2);
    expect(logs.join("\n")).toMatch(/did not answer within 0\.1 s/);
  });

  it("reports a timeout clearly when every attempt is slow", async () => {
    await serve((_req, res) => void setTimeout(() => res.destroyed || sendText(res, 200, "[]"), 2_000));
    const error = await failureOf(
      (await online({timeoutMs: 100, retry: {attempts: 2}})).getJson(`${server!.url}/x`),
    );
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/Raise timeoutMs/);
  });

  it("retries connection resets, and names the network error when they persist", async () => {
    const {url, requests} = await serve((req, res, index) => {
      if (index < 2) req.socket.destroy();
      else sendText(res, 200, "[2]");
    });
    expect(await (await online()).getJson(`${url}/x`)).toEqual([2]);
    expect(requests).toHaveLength(3);

    await server!.close();
    await serve((req) => req.socket.destroy());
    const error = await failureOf((await online({retry: {attempts: 2}})).getJson(`${server!.url}/x`));
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(/Cannot reach/);
    expect(error.message).toMatch(/PITWALL_MIRROR/);
  });

  it("retries truncated JSON and names the URL when it stays truncated", async () => {
    const {url, requests} = await serve((_req, res) => sendText(res, 200, `[{"lap_number":1},{"lap_nu`));
    const error = await failureOf(
      (await online({retry: {attempts: 2}})).getJson(`${url}/v1/laps?session_key=9606`),
    );
    expect(requests).toHaveLength(2);
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain(`${url}/v1/laps?session_key=9606 returned malformed JSON`);
    expect(error.message).toMatch(/truncated/);
  });

  it("refuses a malformed URL with a clear error", async () => {
    const error = await failureOf((await online()).getJson("api.openf1.org/v1/laps"));
    expect(error.message).toMatch(/is not a valid URL/);
  });

  it("stops at once when the caller aborts", async () => {
    const {url, requests} = await serve(
      (_req, res) => void setTimeout(() => res.destroyed || sendText(res, 200, "[]"), 5_000),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failureOf((await online()).getJson(`${url}/x`, {signal: controller.signal}));
    expect(error.kind).toBe("aborted");
    expect(requests).toHaveLength(1);
  });
});

describe("rate limits", () => {
  it("keeps every window of a host (here 2 per 100 ms and 5 per 1 s)", async () => {
    const seen: number[] = [];
    const {url} = await serve((_req, res) => {
      seen.push(clock.now());
      sendText(res, 200, "[]");
    });
    const host = new URL(url).host;
    const http = await online({
      rateLimits: {
        [host]: [
          {requests: 2, perMs: 100},
          {requests: 5, perMs: 1_000},
        ],
      },
    });
    // One after another: with a virtual clock, concurrent sleepers would move time while requests are in flight.
    for (let i = 0; i < 12; i++) await http.getJson(`${url}/x?i=${i}`);
    expect(seen).toHaveLength(12);
    expect(countWorstWindow(seen, 100)).toBeLessThanOrEqual(2);
    expect(countWorstWindow(seen, 1_000)).toBeLessThanOrEqual(5);
    // 12 requests at 5 per second need at least two full seconds of waiting.
    expect(seen.at(-1)! - seen[0]!).toBeGreaterThanOrEqual(2_000);
  });

  it("uses the limit a source declares when createHttp has none for the host", async () => {
    const seen: number[] = [];
    const {url} = await serve((_req, res) => {
      seen.push(clock.now());
      sendText(res, 200, "[]");
    });
    const http = await online();
    for (let i = 0; i < 7; i++)
      await http.getJson(`${url}/y?i=${i}`, {rateLimit: [{requests: 3, perMs: 10_000}]});
    expect(countWorstWindow(seen, 10_000)).toBeLessThanOrEqual(3);
    expect(seen.at(-1)! - seen[0]!).toBeGreaterThanOrEqual(20_000);
  });
});

/** Most requests inside any window of `perMs` starting at a request. */
function countWorstWindow(times: number[], perMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(...sorted.map((start) => sorted.filter((t) => t >= start && t < start + perMs).length));
}
