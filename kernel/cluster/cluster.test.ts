import {Redis} from "ioredis";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {startNodeKernel, type RunningKernel} from "../node.js";
import {LiveTestClient} from "../testing/live-test-client.js";
import {
  archive,
  control,
  LATE_IN_THE_RACE_MS,
  MIAMI_ID,
  MIAMI_SPRINT,
  offlineStateAt,
} from "../testing/protocol-suite.js";
import {ClusterNode} from "./cluster-node.js";
import {IngestWriter} from "./ingest-writer.js";
import {SessionLease} from "./lease.js";
import {sessionKeys} from "./redis-keys.js";
import {killAllNodes, spawnNode} from "./testing/node-process.js";
import {startRedis, type RedisProcess} from "./testing/redis-process.js";

const token = "cluster-token";
const CLUSTER = {leaseTtlMs: 3_000, pollMs: 250, log: () => {}};
let redis: RedisProcess;
let direct: Redis;
const kernels: RunningKernel[] = [];

beforeAll(async () => {
  redis = await startRedis();
  direct = new Redis(redis.url);
});

afterAll(async () => {
  killAllNodes();
  for (const kernel of kernels) await kernel.close();
  direct?.disconnect();
  await redis?.close();
});

async function startNode(nodeId: string, redisUrl = redis.url): Promise<RunningKernel> {
  const cluster = await ClusterNode.connect({redisUrl, nodeId, ...CLUSTER});
  const kernel = await startNodeKernel({cluster, tokens: [token], sql: null, archive, channel: {tickMs: 50}});
  await cluster.setAdvertiseUrl(kernel.url);
  kernels.push(kernel);
  return kernel;
}

async function seqOf(url: string): Promise<number> {
  return (
    (await (await fetch(`${url}/v1/sessions/${MIAMI_ID}/snapshot?topics=lapCount`)).json()) as {seq: number}
  ).seq;
}

/** Every seq a client's deltas covered, in order. */
function covered(client: LiveTestClient): number[] {
  return client.ranges.flatMap(([from, to]) => Array.from({length: to - from + 1}, (_, i) => from + i));
}

/** The seq at the end of the session's log in Redis, once appends in flight have landed. */
async function logEnd(connection: Redis): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const top = await connection.xrevrange(sessionKeys(MIAMI_ID).log, "+", "-", "COUNT", 1);
  return Number(top[0]![0].split("-")[0]);
}

async function waitUntil(test: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const range = (from: number, to: number) => Array.from({length: to - from + 1}, (_, i) => from + i);

describe("kernel nodes sharing Redis", () => {
  it("any node serves any client: a client that moves to another node resumes with every delta once", async () => {
    const a = await startNode("a");
    const b = await startNode("b");
    const started = await control(a.url, token, "/v1/feeds/replay", {
      path: MIAMI_SPRINT,
      speed: 20,
      startAtMs: LATE_IN_THE_RACE_MS,
    });
    expect(started.status).toBe(201);
    // One ingester: the other node (once it has seen the session) refuses to steer it and says where it runs.
    await waitUntil(async () => {
      const health = (await (await fetch(`${b.url}/v1/health`)).json()) as {
        cluster: {sessions: {ingester: string | null}[]};
      };
      return health.cluster.sessions[0]?.ingester === "a";
    }, "b sees the session ingested by a");
    const refused = await control(b.url, token, `/v1/sessions/${MIAMI_ID}/replay/pause`);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as {message: string}).message).toContain(`node a (${a.url})`);

    const first = await LiveTestClient.connect(a.url);
    first.subscribe(MIAMI_ID);
    await first.waitFor(() => first.state != null, 30_000, "snapshot");
    const start = first.seq;
    await first.waitFor(() => first.seq >= start + 40, 30_000, "40 deltas");
    first.close();
    const lastSeq = first.seq;

    const moved = await LiveTestClient.connect(b.url);
    moved.state = structuredClone(first.state);
    moved.seq = lastSeq;
    moved.subscribe(MIAMI_ID, {lastSeq});
    await moved.waitFor(() => moved.seq >= lastSeq + 30, 30_000, "deltas on b");
    expect((await control(a.url, token, `/v1/sessions/${MIAMI_ID}/replay/pause`)).status).toBe(200);
    const seq = await logEnd(direct);
    await moved.waitFor(() => moved.seq === seq, 20_000, `seq ${seq} on b`);
    await waitUntil(async () => (await seqOf(a.url)) === seq, `a reaches seq ${seq}`);

    expect(moved.messages.find((message) => message.t === "subscribed")).toMatchObject({resumed: true});
    expect(moved.violations).toEqual([]);
    expect(covered(moved)).toEqual(range(lastSeq + 1, seq));
    expect(moved.state).toEqual(await offlineStateAt(seq));
    moved.close();
  });

  it("when the ingesting node is killed, another takes over within seconds and the sequence continues", async () => {
    const own = await startRedis();
    const ownRedis = new Redis(own.url);
    try {
      const ingester = await spawnNode(own.url, "c", {
        PITWALL_KERNEL_TOKEN: token,
        PITWALL_LEASE_TTL_MS: String(CLUSTER.leaseTtlMs),
        PITWALL_CLUSTER_POLL_MS: String(CLUSTER.pollMs),
      });
      const started = await control(ingester.url, token, "/v1/feeds/replay", {
        path: MIAMI_SPRINT,
        speed: 20,
        startAtMs: LATE_IN_THE_RACE_MS,
      });
      expect(started.status).toBe(201);
      const d = await startNode("d", own.url);
      const client = await LiveTestClient.connect(d.url);
      client.subscribe(MIAMI_ID);
      await client.waitFor(() => client.state != null, 30_000, "snapshot");
      const before = client.seq;
      await client.waitFor(() => client.seq >= before + 20, 30_000, "20 deltas");

      await ingester.kill("SIGKILL");
      const killedAt = Date.now();
      const seqAtKill = client.seq;
      await client.waitFor(
        () => client.messages.some((message) => message.t === "source" && message.state === "delayed"),
        15_000,
        "the source reported delayed",
      );
      await client.waitFor(() => client.seq >= seqAtKill + 30, 30_000, "deltas after the takeover");
      expect(Date.now() - killedAt).toBeLessThan(15_000);
      expect(await ownRedis.get(sessionKeys(MIAMI_ID).lease)).toMatch(/^d#2$/);

      expect((await control(d.url, token, `/v1/sessions/${MIAMI_ID}/replay/pause`)).status).toBe(200);
      const seq = await logEnd(ownRedis);
      await client.waitFor(() => client.seq === seq, 20_000, `seq ${seq}`);
      expect(client.violations).toEqual([]);
      expect(new Set(client.deltaSeqs).size).toBe(client.deltaSeqs.length);
      // Seq n is the archive's n-th message: any lost or repeated message would show in the state.
      expect(client.state).toEqual(await offlineStateAt(seq));
      client.close();
      await d.close();
      kernels.splice(kernels.indexOf(d), 1);
    } finally {
      ownRedis.disconnect();
      await own.close();
    }
  });

  it("a node that lost its lease cannot append: its writes are fenced off, a resend is not written twice", async () => {
    const session = "fencing-test";
    const keys = sessionKeys(session);
    const lease = new SessionLease(direct, session, {ttlMs: 1_000, retainMs: 60_000});
    const stale = (await lease.acquire("old"))!;
    const lost: string[] = [];
    const writer = new IngestWriter(direct, session, stale, 0, (reason) => lost.push(reason));
    writer.sink({topic: "LapCount", offsetMs: 1, utc: null, change: {CurrentLap: 1}});
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await direct.xlen(keys.log)).toBe(1);
    // The same batch again (as after a dropped connection) is acknowledged, not written again.
    const again = new IngestWriter(direct, session, stale, 0, (reason) => lost.push(reason));
    again.sink({topic: "LapCount", offsetMs: 1, utc: null, change: {CurrentLap: 1}});
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await direct.xlen(keys.log)).toBe(1);
    expect(lost).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const fresh = (await lease.acquire("new"))!;
    expect(fresh).toMatch(/^new#2$/);
    writer.sink({topic: "LapCount", offsetMs: 2, utc: null, change: {CurrentLap: 2}});
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lost.join()).toMatch(/FENCED/);
    expect(await direct.xlen(keys.log)).toBe(1);
    expect(await lease.renew(stale)).toBe(false);
    expect(await lease.renew(fresh)).toBe(true);
  });

  it("an unreadable log entry is skipped and counted on every node, and the sequence stays whole", async () => {
    const session = "corrupt-entry-test";
    const keys = sessionKeys(session);
    const event = (lap: number) =>
      JSON.stringify({topic: "LapCount", offsetMs: lap, utc: null, change: {CurrentLap: lap}});
    // Written behind any lease, as a broken tool might: the second entry is not JSON.
    await direct.xadd(keys.log, "1-0", "e", event(1), "r", String(Date.now()), "f", "tool");
    await direct.xadd(keys.log, "2-0", "e", "{not json", "r", String(Date.now()), "f", "tool");
    await direct.xadd(keys.log, "3-0", "e", event(3), "r", String(Date.now()), "f", "tool");
    await direct.sadd("pitwall:sessions", session);
    for (const node of kernels) {
      const health = async () =>
        (
          (await (await fetch(`${node.url}/v1/health`)).json()) as {
            cluster: {sessions: {sessionId: string; seq: number; corrupt: number}[]};
          }
        ).cluster.sessions.find((entry) => entry.sessionId === session);
      await waitUntil(async () => (await health())?.seq === 3, "the node follows the session");
      expect(await health()).toMatchObject({seq: 3, corrupt: 1});
      const snapshot = (await (
        await fetch(`${node.url}/v1/sessions/${session}/snapshot?topics=lapCount`)
      ).json()) as {
        seq: number;
        state: {lapCount: {current: number}};
      };
      expect(snapshot).toMatchObject({seq: 3, state: {lapCount: {current: 3}}});
      const metrics = await (await fetch(`${node.url}/v1/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(`^pitwall_cluster_log_corrupt_total\\{session="${session}"\\} 1$`, "m"),
      );
    }
  });
});
