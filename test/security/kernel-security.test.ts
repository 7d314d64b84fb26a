import {existsSync} from "node:fs";
import {request as httpRequest} from "node:http";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {sign} from "hono/jwt";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import WebSocket from "ws";
import {signKernelToken} from "../../kernel/http/auth.js";
import {startNodeKernel, type RunningKernel} from "../../kernel/node.js";
import {planStoreViews, SqlSandbox} from "../../kernel/sql/sql-sandbox.js";
import {LiveTestClient} from "../../kernel/testing/live-test-client.js";
import {archive, MIAMI_ID, MIAMI_SPRINT} from "../../kernel/testing/protocol-suite.js";
import {CLOSE_CODES} from "../../src/sport/kernel-messages.js";
import {lapsTable} from "../../src/sport/session-tables.js";
import {writeParquet} from "../../store/parquet-writer.js";

const token = "static-security-token";
const secret = "a-shared-node-secret-for-signed-tokens";
let kernel: RunningKernel;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "pitwall-security-"));
  await writeParquet(
    lapsTable,
    [{session_key: 1, driver_number: 1, lap_number: 1, lap_duration: 90}],
    join(folder, "store", "s-one", "laps.parquet"),
  );
  kernel = await startNodeKernel({
    captureDir: join(folder, "capture"),
    archive,
    tokens: [token, `hs256:${secret}`],
    sql: () => SqlSandbox.create(planStoreViews(join(folder, "store"))),
    rateLimits: {requestsPerMinute: 120, sqlPerMinute: 1_000},
    channel: {tickMs: 50},
  });
});

afterAll(async () => {
  await kernel?.close();
  await rm(folder, {recursive: true, force: true});
});

/** A raw HTTP request from a chosen loopback address (per-client limits count by address). */
function rawRequest(
  path: string,
  options: {method?: string; headers?: Record<string, string>; body?: string; from?: string} = {},
): Promise<{status: number; body: string}> {
  const {port} = new URL(kernel.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
        localAddress: options.from ?? "127.0.0.1",
      },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk));
        response.on("end", () => resolve({status: response.statusCode!, body}));
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

const replayBody = JSON.stringify({path: MIAMI_SPRINT, speed: 100, startAtMs: 7_000_000});
const post = (path: string, headers: Record<string, string>, from = "127.0.0.1", body = replayBody) =>
  rawRequest(path, {method: "POST", headers: {"content-type": "application/json", ...headers}, body, from});

async function liveSessions(): Promise<string[]> {
  const body = (await (await fetch(`${kernel.url}/v1/sessions`)).json()) as {live: {sessionId: string}[]};
  return body.live.map((session) => session.sessionId);
}

describe("auth bypass attempts", () => {
  it("no header, other schemes, tokens in the wrong place, odd paths and methods: none starts a feed", async () => {
    const attempts: [string, Record<string, string>, string?][] = [
      ["/v1/feeds/replay", {}],
      ["/v1/feeds/replay", {authorization: "Bearer"}],
      ["/v1/feeds/replay", {authorization: `Basic ${Buffer.from(`x:${token}`).toString("base64")}`}],
      ["/v1/feeds/replay", {authorization: `Bearer ${token}x`}],
      ["/v1/feeds/replay", {authorization: `Bearer ${token.slice(0, -1)}`}],
      ["/v1/feeds/replay", {authorization: `Bearer ${token} ${token}`}],
      ["/v1/feeds/replay", {"x-api-key": token, cookie: `token=${token}`}],
      [`/v1/feeds/replay?token=${token}&access_token=${token}`, {}],
      ["/v1/feeds/replay/", {}],
      ["//v1/feeds/replay", {}],
      ["/v1//feeds/replay", {}],
      ["/V1/feeds/replay", {}],
      ["/v1/feeds/%72eplay", {}],
      ["/v1/feeds/./replay", {}],
      ["/v1/x/../feeds/replay", {}],
      ["/v1/feeds/replay", {"x-http-method-override": "GET", "x-forwarded-for": "127.0.0.1"}],
      ["/v1/sql", {}, JSON.stringify({sql: "SELECT 1"})],
      ["/v1/sessions/x/replay/pause", {}],
      ["/v1/sessions/x/replay/%2e%2e/pause", {}],
    ];
    for (const [path, headers, body] of attempts) {
      const response = await post(path, headers, "127.0.0.1", body);
      expect([401, 403, 404], `${path} ${JSON.stringify(headers)}: ${response.status}`).toContain(
        response.status,
      );
      // The API answers in JSON saying what to do; paths outside /v1/ are not the API at all.
      if (path.startsWith("/v1/"))
        expect((JSON.parse(response.body) as {message: string}).message.length, path).toBeGreaterThan(10);
    }
    for (const method of ["PUT", "PATCH", "DELETE", "HEAD"]) {
      const response = await rawRequest("/v1/feeds/replay", {method});
      expect([401, 403, 404], method).toContain(response.status);
    }
    expect(await liveSessions()).toEqual([]);
  });

  it("expired, forged, unsigned and tampered tokens are refused with a clear error; a valid one works", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await sign({sub: "op", iat: now - 7200, exp: now - 3600}, secret, "HS256");
    const forged = await sign({sub: "op", exp: now + 3600}, "not-the-secret", "HS256");
    const noExpiry = await sign({sub: "op"}, secret, "HS256");
    const header = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${header({alg: "none", typ: "JWT"})}.${header({sub: "op", exp: now + 3600})}.`;
    const valid = await signKernelToken(secret, 60);
    const [head, , signature] = valid.split(".");
    const tampered = `${head}.${header({sub: "admin", exp: now + 999_999})}.${signature}`;
    const cases: [string, string, RegExp][] = [
      ["expired", expired, /expired/],
      ["forged", forged, /signature/],
      ["no expiry", noExpiry, /no expiry/],
      ["alg none", unsigned, /not valid|signature/],
      ["tampered", tampered, /signature/],
    ];
    for (const [name, value, message] of cases) {
      const response = await post("/v1/feeds/replay", {authorization: `Bearer ${value}`});
      expect(response.status, name).toBe(401);
      expect((JSON.parse(response.body) as {message: string}).message, name).toMatch(message);
    }
    expect(await liveSessions()).toEqual([]);
    const accepted = await post("/v1/feeds/replay", {authorization: `Bearer ${valid}`});
    expect(accepted.status).toBe(201);
    expect(await liveSessions()).toEqual([MIAMI_ID]);
  });
});

describe("oversized input", () => {
  it("a WebSocket frame over the limit closes that socket (1009); an HTTP body over 64 KiB is 413", async () => {
    const client = await LiveTestClient.connect(kernel.url);
    client.socket.send(JSON.stringify({op: "ping", id: "x".repeat(1 << 20)}));
    expect(await client.closed()).toBe(CLOSE_CODES.tooBig);
    const huge = await post("/v1/sql", {authorization: `Bearer ${token}`}, "127.0.0.1", "x".repeat(200_000));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatch(/64 KiB/);
  });
});

describe("floods", () => {
  it("one WebSocket client flooding is closed (4429) while a bystander keeps receiving", async () => {
    const bystander = await LiveTestClient.connect(kernel.url);
    bystander.subscribe(MIAMI_ID);
    await bystander.waitFor(() => bystander.state != null, 20_000, "snapshot");
    const flooder = new WebSocket(`${kernel.url.replace(/^http/, "ws")}/v1/live`);
    await new Promise((resolve) => flooder.once("open", resolve));
    const code = new Promise<number>((resolve) => flooder.once("close", (closeCode) => resolve(closeCode)));
    for (let i = 0; i < 500; i++) flooder.send(JSON.stringify({op: "ping"}));
    expect(await code).toBe(CLOSE_CODES.flood);
    const pong = new Promise((resolve) => bystander.socket.once("message", resolve));
    bystander.sendJson({op: "ping", id: "still-here"});
    await pong;
    expect(bystander.closeCode).toBeNull();
    expect(bystander.violations).toEqual([]);
    bystander.close();
  });

  it("one address flooding HTTP gets 429 with Retry-After; another address is served", async () => {
    let limited = 0;
    for (let i = 0; i < 130; i++)
      if ((await rawRequest("/v1/health", {from: "127.0.0.2"})).status === 429) limited++;
    expect(limited).toBeGreaterThanOrEqual(10);
    const flooded = await rawRequest("/v1/health", {from: "127.0.0.2"});
    expect(flooded.status).toBe(429);
    expect(JSON.parse(flooded.body)).toMatchObject({error: "rate-limited"});
    expect((await rawRequest("/v1/health", {from: "127.0.0.3"})).status).toBe(200);
  });
});

describe("SQL sandbox escapes over HTTP", () => {
  const escapes: [string, string][] = [
    ["COPY TO", "COPY (SELECT 1) TO '/tmp/pitwall-security-copy.csv'"],
    [
      "COPY TO in a CTE",
      "WITH x AS (SELECT 1) SELECT * FROM x; COPY (SELECT 1) TO '/tmp/pitwall-security-copy.csv'",
    ],
    ["/etc/passwd via read_csv", "SELECT * FROM read_csv('/etc/passwd')"],
    ["/etc/passwd via read_text", "SELECT * FROM read_text('/etc/passwd')"],
    ["/etc/passwd via read_blob", "SELECT * FROM read_blob('/etc/passwd')"],
    ["/etc/passwd by replacement scan", "SELECT * FROM '/etc/passwd'"],
    ["glob of /etc", "SELECT * FROM glob('/etc/*')"],
    ["ATTACH", "ATTACH '/tmp/pitwall-security.db' AS x"],
    ["INSTALL", "INSTALL httpfs"],
    ["LOAD", "LOAD httpfs"],
    ["FORCE INSTALL", "FORCE INSTALL sqlite"],
    ["http reader", "SELECT * FROM read_parquet('http://127.0.0.1:9/x.parquet')"],
    ["s3 reader", "SELECT * FROM read_csv('s3://bucket/x.csv')"],
    ["SET external access", "SET enable_external_access = true"],
    ["RESET", "RESET lock_configuration"],
    ["PRAGMA", "PRAGMA threads=64"],
    ["CALL", "CALL pragma_version()"],
    ["CREATE", "CREATE TABLE t AS SELECT 1"],
    ["EXPORT DATABASE", "EXPORT DATABASE '/tmp/pitwall-security-export'"],
  ];
  for (const [name, sql] of escapes) {
    it(`refuses ${name} with a clear error`, async () => {
      const response = await post(
        "/v1/sql",
        {authorization: `Bearer ${token}`},
        "127.0.0.4",
        JSON.stringify({sql}),
      );
      expect([400, 403], `${name}: ${response.body}`).toContain(response.status);
      const body = JSON.parse(response.body) as {error: string; message: string};
      expect(body.message.length).toBeGreaterThan(10);
      expect(body.message).not.toMatch(/root:x:0:0/);
    });
  }

  it("wrote nothing, and the sandbox still answers a plain SELECT", async () => {
    for (const path of [
      "/tmp/pitwall-security-copy.csv",
      "/tmp/pitwall-security.db",
      "/tmp/pitwall-security-export",
    ])
      expect(existsSync(path), path).toBe(false);
    const response = await post(
      "/v1/sql",
      {authorization: `Bearer ${token}`},
      "127.0.0.4",
      JSON.stringify({sql: "SELECT count(*) AS n FROM laps"}),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({rows: [{n: "1"}]});
  });
});
