// Scale-out benchmark: kernel nodes sharing Redis (kernel/cluster/) serving a 10x replay of the 2025 Miami
// sprint to N WebSocket clients spread over the nodes by a load generator in its own process, against one
// single-node kernel (no Redis) with the same total. Prints, per configuration: delivered messages per second,
// event-to-client latency p50/p99, lost and duplicated messages, memory per node (and Redis), and the CPU
// cost per delivered message (µs, all kernel processes; then with Redis). Then a ladder of totals for one node
// and for several, up to where p99 passes 250 ms. The machine has 2 cores shared by every process here, so
// the CPU per message is the figure that tells how the design scales on bigger hardware.
// Run: npm run bench -- scale   (or: npx tsx scripts/bench-scale.ts [--clients 3000] [--nodes 2,3]
// [--seconds 15] [--ladder 2000,5000,10000,15000]); --ladder "" skips the climb.
import {spawn, type ChildProcess} from "node:child_process";
import {readFileSync} from "node:fs";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {createInterface} from "node:readline";
import {parseArgs} from "node:util";
import {spawnNode, type NodeProcess} from "../kernel/cluster/testing/node-process.js";
import {startRedis, type RedisProcess} from "../kernel/cluster/testing/redis-process.js";
import {projectRoot} from "../sources/settings.js";

const {values} = parseArgs({
  options: {
    clients: {type: "string", default: "3000"},
    nodes: {type: "string", default: "2,3"},
    seconds: {type: "string", default: "15"},
    ladder: {type: "string", default: "2000,5000,10000,15000"},
  },
});
const SESSION = "2025-miami-grand-prix-sprint";
const PATH = "2025/2025-05-04_Miami_Grand_Prix/2025-05-03_Sprint/";
/** Ten seconds before the start of the sprint: the busiest part of the session. */
const RACE_START_MS = 4_235_000;
const TOKEN = "bench";
const seconds = Number(values.seconds);

interface LoadResult {
  ready: number;
  failed: number;
  messages: number;
  messagesPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  lost: number;
  duplicated: number;
  loadCpuPercent: number;
}

interface Run extends LoadResult {
  setup: string;
  clients: number;
  nodeRssMb: number[];
  redisRssMb: number | null;
  kernelCpuS: number;
  redisCpuS: number;
}

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
function sample(pid: number): {cpuS: number; rssMb: number} {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return {cpuS: ticks / 100, rssMb: Math.round(rssKb / 1024)};
}

async function post(url: string): Promise<Response> {
  return fetch(url, {method: "POST", headers: {authorization: `Bearer ${TOKEN}`}});
}

/** Starts the nodes: one plain single-node kernel, or `count` nodes sharing a fresh Redis. */
async function startSetup(count: number | "single"): Promise<{
  nodes: NodeProcess[];
  redis: RedisProcess | null;
  close(): Promise<void>;
}> {
  const env = {PITWALL_KERNEL_TOKEN: TOKEN};
  if (count === "single") {
    const captureDir = await mkdtemp(join(tmpdir(), "pitwall-bench-scale-"));
    const node = await spawnNode(null, "single", {...env, PITWALL_CAPTURE_DIR: captureDir});
    children.add(node.child);
    return {
      nodes: [node],
      redis: null,
      async close() {
        await node.kill();
        await rm(captureDir, {recursive: true, force: true});
      },
    };
  }
  const redis = await startRedis();
  children.add(redis.child);
  const nodes = await Promise.all(
    Array.from({length: count}, (_, index) => spawnNode(redis.url, `node-${index + 1}`, env)),
  );
  for (const node of nodes) children.add(node.child);
  return {
    nodes,
    redis,
    async close() {
      for (const node of nodes) await node.kill();
      await redis.close();
    },
  };
}

async function measure(count: number | "single", clients: number): Promise<Run> {
  const setup = await startSetup(count);
  try {
    const [ingester] = setup.nodes as [NodeProcess];
    const started = await fetch(`${ingester.url}/v1/feeds/replay`, {
      method: "POST",
      headers: {authorization: `Bearer ${TOKEN}`, "content-type": "application/json"},
      body: JSON.stringify({path: PATH, speed: 10, startAtMs: RACE_START_MS}),
    });
    if (started.status !== 201) throw new Error(`replay: ${started.status} ${await started.text()}`);
    await post(`${ingester.url}/v1/sessions/${SESSION}/replay/pause`);
    // Every node must hold the session (it follows the log) before clients subscribe to it.
    for (const node of setup.nodes) await waitForSession(node.url);
    const load = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(projectRoot, "scripts/bench-kernel-load.ts"),
        setup.nodes.map((node) => `${node.url.replace(/^http/, "ws")}/v1/live`).join(","),
        String(clients),
        SESSION,
      ],
      {cwd: projectRoot, stdio: ["pipe", "pipe", "inherit"]},
    );
    children.add(load);
    const lines = createInterface({input: load.stdout!})[Symbol.asyncIterator]();
    const connected = JSON.parse((await lines.next()).value as string) as {ready: number; failed: number};
    process.stderr.write(
      `bench: ${label(count)}, ${clients} clients: ${connected.ready} ready, ${connected.failed} failed\n`,
    );
    await post(`${ingester.url}/v1/sessions/${SESSION}/replay/resume`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const pids = setup.nodes.map((node) => node.child.pid!);
    const before = pids.map(sample);
    const redisBefore = setup.redis ? sample(setup.redis.child.pid!) : null;
    load.stdin!.write(`measure ${seconds}\n`);
    const result = JSON.parse((await lines.next()).value as string) as LoadResult;
    const after = pids.map(sample);
    const redisAfter = setup.redis ? sample(setup.redis.child.pid!) : null;
    load.kill();
    return {
      ...result,
      setup: label(count),
      clients,
      nodeRssMb: after.map((entry) => entry.rssMb),
      redisRssMb: redisAfter?.rssMb ?? null,
      kernelCpuS: after.reduce((sum, entry, index) => sum + entry.cpuS - before[index]!.cpuS, 0),
      redisCpuS: redisAfter && redisBefore ? redisAfter.cpuS - redisBefore.cpuS : 0,
    };
  } finally {
    await setup.close();
  }
}

async function waitForSession(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/v1/sessions/${SESSION}/snapshot?topics=lapCount`);
    if (response.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} never served ${SESSION}`);
}

function label(count: number | "single"): string {
  return count === "single" ? "1 node" : `${count} nodes+redis`;
}

function row(run: Run): string {
  const cpuPerMessageUs = (cpuS: number) =>
    run.messages > 0 ? ((cpuS / run.messages) * 1e6).toFixed(1) : "-";
  return [
    run.setup.padEnd(15),
    String(run.clients).padStart(6),
    String(run.ready).padStart(6),
    String(run.messagesPerSecond).padStart(8),
    String(run.latencyP50Ms).padStart(7),
    String(run.latencyP99Ms).padStart(7),
    String(run.lost).padStart(5),
    String(run.duplicated).padStart(5),
    run.nodeRssMb.join("/").padStart(14),
    String(run.redisRssMb ?? "-").padStart(6),
    cpuPerMessageUs(run.kernelCpuS).padStart(8),
    cpuPerMessageUs(run.kernelCpuS + run.redisCpuS).padStart(9),
    `${run.loadCpuPercent}%`.padStart(7),
  ].join(" ");
}

const header =
  "setup          clients  ready   msgs/s  ev p50  ev p99  lost   dup   node rss MB  redis  µs/msg  +redis  loadcpu";
console.log(
  `scale: Miami sprint replay at 10x, ${seconds} s measured per run, clients spread evenly over the nodes; ` +
    "ev = event-to-client latency from the event's arrival at the ingesting node; µs/msg = CPU of every kernel " +
    "process per delivered message (+redis: with Redis's CPU)",
);
console.log(header);
const setups: (number | "single")[] = ["single", ...values.nodes!.split(",").map(Number)];
for (const setup of setups) console.log(row(await measure(setup, Number(values.clients))));

if (values.ladder) {
  const widest = setups.at(-1)!;
  for (const setup of ["single", widest] as const) {
    let passed: number | null = null;
    for (const clients of values.ladder.split(",").map(Number)) {
      const run = await measure(setup, clients);
      console.log(row(run));
      if (run.latencyP99Ms > 250 || run.ready < clients) {
        passed = clients;
        break;
      }
    }
    console.log(
      passed == null
        ? `  ${label(setup)}: p99 stayed under 250 ms up to ${values.ladder.split(",").at(-1)} clients`
        : `  ${label(setup)}: p99 passes 250 ms (or clients fail to connect) at ${passed} clients`,
    );
  }
}
