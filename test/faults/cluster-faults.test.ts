import {Redis} from "ioredis";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {sessionKeys} from "../../kernel/cluster/redis-keys.js";
import {killAllNodes, spawnNode, type NodeProcess} from "../../kernel/cluster/testing/node-process.js";
import {startRedis, type RedisProcess} from "../../kernel/cluster/testing/redis-process.js";
import {LiveTestClient} from "../../kernel/testing/live-test-client.js";
import {
  control,
  LATE_IN_THE_RACE_MS,
  MIAMI_ID,
  MIAMI_SPRINT,
  offlineStateAt,
} from "../../kernel/testing/protocol-suite.js";

const token = "faults-token";
const env = {PITWALL_KERNEL_TOKEN: token, PITWALL_LEASE_TTL_MS: "3000", PITWALL_CLUSTER_POLL_MS: "250"};
let redis: RedisProcess;
let direct: Redis;
let nodes: NodeProcess[];

beforeAll(async () => {
  redis = await startRedis();
  direct = new Redis(redis.url, {maxRetriesPerRequest: null});
  direct.on("error", () => {});
  nodes = await Promise.all(["a", "b", "c"].map((id) => spawnNode(redis.url, id, env)));
});

afterAll(async () => {
  killAllNodes();
  direct?.disconnect();
  await redis?.close();
});

/** The seq at the end of the session's log, once appends in flight have landed. */
async function logEnd(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const top = await direct.xrevrange(sessionKeys(MIAMI_ID).log, "+", "-", "COUNT", 1);
  return Number(top[0]![0].split("-")[0]);
}

/** Who ingests the session now. */
async function ingester(): Promise<NodeProcess> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const holder = await direct.get(sessionKeys(MIAMI_ID).lease);
    const node = nodes.find((candidate) => holder?.startsWith(`${candidate.nodeId}#`));
    if (node && node.child.exitCode == null && node.child.signalCode == null) return node;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("no live node ingests the session");
}

/** Sends a control request to whichever node ingests the session, once its feed runs there. */
async function steer(path: string, body?: unknown): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = "";
  while (Date.now() < deadline) {
    const response = await control((await ingester()).url, token, `/v1/sessions/${MIAMI_ID}/${path}`, body);
    if (response.status === 200) return;
    last = `${response.status} ${await response.text()}`;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${path}: ${last}`);
}

/** A client that continues `from` on another node, from its last seq. */
async function resumeOn(url: string, from: LiveTestClient): Promise<LiveTestClient> {
  const client = await LiveTestClient.connect(url);
  client.state = structuredClone(from.state);
  client.seq = from.seq;
  client.subscribe(MIAMI_ID, {lastSeq: from.seq});
  return client;
}

/** Pauses the replay wherever it runs and waits until every client has the end of the log, in order. */
async function settle(clients: LiveTestClient[]): Promise<number> {
  await steer("replay/pause");
  const seq = await logEnd();
  for (const client of clients) await client.waitFor(() => client.seq === seq, 30_000, `seq ${seq}`);
  const expected = await offlineStateAt(seq);
  for (const client of clients) {
    expect(client.violations).toEqual([]);
    expect(new Set(client.deltaSeqs).size).toBe(client.deltaSeqs.length);
    expect(client.state).toEqual(expected);
  }
  return seq;
}

describe("faults in a cluster of kernel processes", () => {
  it("kill -9 of the ingesting node: its clients resume on other nodes, the lease moves, nothing lost", async () => {
    const [a, b, c] = nodes as [NodeProcess, NodeProcess, NodeProcess];
    expect(
      (
        await control(a.url, token, "/v1/feeds/replay", {
          path: MIAMI_SPRINT,
          speed: 20,
          startAtMs: LATE_IN_THE_RACE_MS,
        })
      ).status,
    ).toBe(201);
    const onA = await Promise.all([LiveTestClient.connect(a.url), LiveTestClient.connect(a.url)]);
    const others = [await LiveTestClient.connect(b.url), await LiveTestClient.connect(c.url)];
    for (const client of [...onA, ...others]) client.subscribe(MIAMI_ID);
    for (const client of [...onA, ...others])
      await client.waitFor(() => client.state != null && client.seq > 0, 60_000, "snapshot");
    const start = onA[0]!.seq;
    await onA[0]!.waitFor(() => onA[0]!.seq >= start + 30, 30_000, "30 deltas");

    await a.kill("SIGKILL");
    const killedAt = Date.now();
    for (const client of onA) await client.closed(10_000);
    const moved = [await resumeOn(b.url, onA[0]!), await resumeOn(c.url, onA[1]!)];
    const takeover = await ingester();
    expect(takeover.nodeId).not.toBe("a");
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(10_000);
    for (const client of [...moved, ...others]) {
      const at = client.seq;
      await client.waitFor(() => client.seq >= at + 20, 30_000, "deltas after the takeover");
    }
    await settle([...moved, ...others]);
    for (const client of moved)
      expect(client.messages.find((message) => message.t === "subscribed")).toMatchObject({resumed: true});
    for (const client of [...moved, ...others]) client.close();
  });

  it("Redis killed and restarted: nodes reconnect, the feed continues, clients lose nothing", async () => {
    const [, b, c] = nodes as [NodeProcess, NodeProcess, NodeProcess];
    await steer("replay/resume");
    const clients = [await LiveTestClient.connect(b.url), await LiveTestClient.connect(c.url)];
    for (const client of clients) client.subscribe(MIAMI_ID);
    for (const client of clients) await client.waitFor(() => client.state != null, 30_000, "snapshot");
    const before = clients[0]!.seq;
    await clients[0]!.waitFor(() => clients[0]!.seq >= before + 20, 30_000, "20 deltas");

    // A crash, down for two seconds: what Redis acknowledged is in its append-only file.
    await redis.restart("SIGKILL", 2_000);
    for (const client of clients) {
      const at = client.seq;
      await client.waitFor(() => client.seq >= at + 30, 60_000, "deltas after Redis came back");
    }
    await settle(clients);
    for (const client of clients) {
      expect(client.closeCode).toBeNull();
      client.close();
    }
  });

  it("a slow client does not slow the others", async () => {
    const [, b] = nodes as [NodeProcess, NodeProcess];
    await steer("replay/seek", {offsetMs: 4_300_000});
    await steer("replay/speed", {speed: 100});
    await steer("replay/resume");
    const slow = await LiveTestClient.connect(b.url);
    const quick = [await LiveTestClient.connect(b.url), await LiveTestClient.connect(b.url)];
    const lags: number[] = [];
    for (const client of quick)
      client.socket.on("message", (data) => {
        const message = JSON.parse(data.toString()) as {t: string; at?: number};
        if (message.t === "delta") lags.push(Date.now() - message.at!);
      });
    for (const client of [slow, ...quick]) client.subscribe(MIAMI_ID);
    for (const client of [slow, ...quick])
      await client.waitFor(() => client.state != null, 30_000, "snapshot");
    // The slow client stops reading: its socket fills while the replay runs at 100x.
    (slow.socket as unknown as {_socket: {pause(): void; resume(): void}})._socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    (slow.socket as unknown as {_socket: {pause(): void; resume(): void}})._socket.resume();
    lags.sort((x, y) => x - y);
    expect(lags.length).toBeGreaterThan(50);
    expect(lags[Math.floor(lags.length * 0.99)]).toBeLessThan(1_000);
    // Reading again, the slow client gets what it missed (or a fresh snapshot) and ends in step with the others.
    const seq = await settleSeeked([slow, ...quick]);
    expect(slow.seq).toBe(seq);
    for (const client of [slow, ...quick]) client.close();
  });
});

/** Pauses and waits for every client to reach the end of the log with no gap (the state after a seek is not the offline prefix). */
async function settleSeeked(clients: LiveTestClient[]): Promise<number> {
  await steer("replay/pause");
  const node = await ingester();
  const seq = await logEnd();
  for (const client of clients) await client.waitFor(() => client.seq === seq, 60_000, `seq ${seq}`);
  const snapshot = (await (await fetch(`${node.url}/v1/sessions/${MIAMI_ID}/snapshot`)).json()) as {
    state: unknown;
  };
  for (const client of clients) {
    expect(client.violations).toEqual([]);
    expect(client.state).toEqual(snapshot.state);
  }
  return seq;
}
