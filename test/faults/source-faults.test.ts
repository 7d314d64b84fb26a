import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {killAllNodes, spawnNode, type NodeProcess} from "../../kernel/cluster/testing/node-process.js";
import {startRedis, type RedisProcess} from "../../kernel/cluster/testing/redis-process.js";
import {LiveTestClient} from "../../kernel/testing/live-test-client.js";
import {startFakeSignalR, type FakeSignalR} from "../fakes/signalr-server.js";

const token = "source-faults-token";
const SESSION = "2024-imola-qualifying";
const OUTAGE_MS = 30_000;
let redis: RedisProcess;
let fake: FakeSignalR;
let nodes: NodeProcess[];

beforeAll(async () => {
  redis = await startRedis();
  fake = await startFakeSignalR({speed: 1});
  const env = {PITWALL_KERNEL_TOKEN: token, PITWALL_STALL_MS: "5000", PITWALL_CLUSTER_POLL_MS: "250"};
  nodes = await Promise.all(["ingest", "serve"].map((id) => spawnNode(redis.url, id, env)));
  const started = await fetch(`${nodes[0]!.url}/v1/feeds/signalr`, {
    method: "POST",
    headers: {authorization: `Bearer ${token}`, "content-type": "application/json"},
    body: JSON.stringify({baseUrl: fake.baseUrl, sessionId: SESSION}),
  });
  expect(started.status).toBe(201);
});

afterAll(async () => {
  killAllNodes();
  await fake?.close();
  await redis?.close();
});

const sourceStates = (client: LiveTestClient) =>
  client.messages.flatMap((message) => (message.t === "source" ? [message.state] : []));

/** A client on the serving node, following the session until it has the whole grid. */
async function follow(): Promise<LiveTestClient> {
  const client = await LiveTestClient.connect(nodes[1]!.url);
  await new Promise((resolve) => setTimeout(resolve, 500));
  client.subscribe(SESSION);
  await client.waitFor(() => Object.keys(client.state?.drivers ?? {}).length === 20, 60_000, "20 drivers");
  return client;
}

/** The client holds its state through the outage, is told the source is delayed, then catches up. */
async function rideOut(client: LiveTestClient, outage: (on: boolean) => void): Promise<void> {
  const snapshots = client.messages.filter((message) => message.t === "snapshot").length;
  const seqBefore = client.seq;
  outage(true);
  await client.waitFor(() => sourceStates(client).includes("delayed"), 20_000, "the source reported delayed");
  const delayed = client.messages.find((message) => message.t === "source" && message.state === "delayed");
  expect(delayed).toMatchObject({detail: expect.any(String)});
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - 5_000));
  expect(client.closeCode).toBeNull();
  expect(Object.keys(client.state?.drivers ?? {})).toHaveLength(20);
  outage(false);
  await client.waitFor(() => sourceStates(client).at(-1) === "live", 60_000, "the source live again");
  await client.waitFor(() => client.seq > seqBefore + 20, 30_000, "events after the outage");
  expect(client.violations).toEqual([]);
  expect(client.messages.filter((message) => message.t === "snapshot")).toHaveLength(snapshots);
  // Caught up: what the client holds is what the node holds.
  const snapshot = (await (await fetch(`${nodes[1]!.url}/v1/sessions/${SESSION}/snapshot`)).json()) as {
    seq: number;
    state: unknown;
  };
  await client.waitFor(() => client.seq >= snapshot.seq, 10_000, `seq ${snapshot.seq}`);
  expect(client.closeCode).toBeNull();
}

describe("the source feed fails or stalls", () => {
  it("stalls for 30 s: clients are told it is delayed, keep their state, and catch up after", async () => {
    const client = await follow();
    await rideOut(client, (on) => fake.stall(on));
    client.close();
  });

  it("fails for 30 s (connections cut, negotiate answers 503): the same, the feed reconnects by itself", async () => {
    const client = await follow();
    await rideOut(client, (on) => fake.fail(on));
    client.close();
  });

  it("corrupt frames are skipped and counted; clients see nothing of them", async () => {
    const client = await follow();
    const seq = client.seq;
    fake.sendRaw("{not json at all");
    fake.sendRaw(
      JSON.stringify({
        C: "x",
        M: [{H: "Streaming", M: "feed", A: ["CarData.z", 42, "2024-05-18T14:00:00Z"]}],
      }),
    );
    fake.sendRaw(
      JSON.stringify({C: "y", M: [{H: "Streaming", M: "feed", A: [null, {}, "2024-05-18T14:00:00Z"]}]}),
    );
    fake.sendRaw(
      JSON.stringify({
        C: "z",
        M: [{H: "Streaming", M: "feed", A: ["Position.z", "!!not base64 deflate!!", "2024-05-18T14:00:00Z"]}],
      }),
    );
    await client.waitFor(() => client.seq > seq + 10, 30_000, "events after the corrupt frames");
    const sessions = (await (await fetch(`${nodes[0]!.url}/v1/sessions`)).json()) as {
      live: {sessionId: string; feed: {skipped: number} | null}[];
    };
    const feed = sessions.live.find((session) => session.sessionId === SESSION)!.feed!;
    expect(feed.skipped).toBeGreaterThanOrEqual(4);
    expect(client.violations).toEqual([]);
    expect(client.closeCode).toBeNull();
    client.close();
  });
});
