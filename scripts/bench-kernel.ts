// Kernel benchmark: one kernel node on loopback serving a 10x replay of the 2025 Miami sprint to N WebSocket
// subscribers (a load generator in its own process), against the machine's ceiling measured in the same run:
// a plain `ws` server broadcasting pre-serialized messages of the same size at the same rate to the same
// clients. Prints, for both: delivered messages per second, event-to-client latency p50/p99, lost and
// duplicated messages, server memory and CPU; then climbs a ladder of client counts until p99 passes 250 ms.
// Run: npm run bench -- kernel   (or: npx tsx scripts/bench-kernel.ts [--clients 100,10000] [--seconds 15]
// [--ladder 1000,2500,...] [--batch 200]); --ladder "" skips the climb.
import {spawn, type ChildProcess} from "node:child_process";
import {readFileSync} from "node:fs";
import {rm} from "node:fs/promises";
import {join} from "node:path";
import {createInterface} from "node:readline";
import {parseArgs} from "node:util";
import {projectRoot} from "../sources/settings.js";

const {values} = parseArgs({
  options: {
    clients: {type: "string", default: "100,10000"},
    seconds: {type: "string", default: "15"},
    batch: {type: "string", default: "200"},
    ladder: {type: "string", default: "1000,2500,5000,7500,10000,14000,18000"},
  },
});
const SESSION = "2025-miami-grand-prix-sprint";
const PATH = "2025/2025-05-04_Miami_Grand_Prix/2025-05-03_Sprint/";
/** Ten seconds before the start of the sprint: the busiest part of the session. */
const RACE_START_MS = 4_235_000;
const seconds = Number(values.seconds);

interface LoadResult {
  clients: number;
  ready: number;
  failed: number;
  messagesPerSecond: number;
  deltasPerSecond: number;
  meanBytes: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  sendP50Ms: number;
  sendP99Ms: number;
  lost: number;
  duplicated: number;
  snapshotsDuring: number;
  loadCpuPercent: number;
}

interface Run extends LoadResult {
  server: "kernel" | "plain ws";
  serverCpuPercent: number;
  serverRssMb: number;
}

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

function spawnTs(script: string, args: string[]): {child: ChildProcess; lines: AsyncIterator<string>} {
  const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot, script), ...args], {
    cwd: projectRoot,
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.add(child);
  const lines = createInterface({input: child.stdout!})[Symbol.asyncIterator]();
  return {child, lines};
}

async function nextJson<T>(lines: AsyncIterator<string>, what: string): Promise<T> {
  const {value, done} = await lines.next();
  if (done) throw new Error(`${what} ended without answering`);
  return JSON.parse(value) as T;
}

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
function sample(pid: number): {cpuS: number; rssMb: number} {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return {cpuS: ticks / 100, rssMb: Math.round(rssKb / 1024)};
}

async function post(url: string, body?: unknown): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: {authorization: "Bearer bench", "content-type": "application/json"},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
}

async function measure(
  server: Run["server"],
  clients: number,
  shape: {rate: number; bytes: number},
): Promise<Run> {
  const isKernel = server === "kernel";
  const started = isKernel
    ? spawnTs("scripts/bench-kernel-server.ts", ["--batch", values.batch!])
    : spawnTs("scripts/bench-kernel-plain.ts", [
        "--rate",
        String(shape.rate),
        "--bytes",
        String(shape.bytes),
      ]);
  const {url, captureDir} = await nextJson<{url: string; captureDir?: string}>(started.lines, server);
  try {
    if (isKernel) {
      await post(`${url}/v1/feeds/replay`, {path: PATH, speed: 10, startAtMs: RACE_START_MS});
      await post(`${url}/v1/sessions/${SESSION}/replay/pause`);
    }
    const load = spawnTs("scripts/bench-kernel-load.ts", [
      `${url.replace(/^http/, "ws")}/v1/live`,
      String(clients),
      isKernel ? SESSION : "plain",
    ]);
    const connected = await nextJson<{ready: number; failed: number}>(load.lines, "load generator");
    process.stderr.write(
      `bench: ${server}, ${clients} clients: ${connected.ready} ready, ${connected.failed} failed\n`,
    );
    await post(isKernel ? `${url}/v1/sessions/${SESSION}/replay/resume` : `${url}/start`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const before = sample(started.child.pid!);
    const at = Date.now();
    load.child.stdin!.write(`measure ${seconds}\n`);
    const result = await nextJson<LoadResult>(load.lines, "load generator");
    const after = sample(started.child.pid!);
    load.child.kill();
    return {
      ...result,
      server,
      serverCpuPercent: Math.round(((after.cpuS - before.cpuS) / ((Date.now() - at) / 1000)) * 100),
      serverRssMb: after.rssMb,
    };
  } finally {
    started.child.kill("SIGKILL");
    if (captureDir) await rm(captureDir, {recursive: true, force: true});
  }
}

function row(run: Run): string {
  return [
    run.server.padEnd(8),
    String(run.clients).padStart(6),
    `${run.ready}`.padStart(6),
    String(run.messagesPerSecond).padStart(9),
    String(run.deltasPerSecond).padStart(9),
    String(run.meanBytes).padStart(6),
    String(run.latencyP50Ms).padStart(7),
    String(run.latencyP99Ms).padStart(7),
    String(run.sendP50Ms).padStart(7),
    String(run.sendP99Ms).padStart(7),
    String(run.lost).padStart(5),
    String(run.duplicated).padStart(5),
    `${run.serverCpuPercent}%`.padStart(6),
    `${run.serverRssMb}`.padStart(6),
    `${run.loadCpuPercent}%`.padStart(6),
  ].join(" ");
}

const header =
  "server   clients  ready    msgs/s  deltas/s  bytes  ev p50  ev p99 snd p50 snd p99  lost   dup    cpu rss MB loadcpu";
const runs: Run[] = [];
console.log(
  `kernel: Miami sprint replay at 10x, batching up to ${values.batch} ms, ${seconds} s measured per run; ` +
    "ev = event-to-client latency (from the event's arrival at the server), snd = from the message's send",
);
console.log(header);
for (const clients of values.clients!.split(",").map(Number)) {
  const kernel = await measure("kernel", clients, {rate: 0, bytes: 0});
  console.log(row(kernel));
  const rate = Math.max(1, Math.round(kernel.messagesPerSecond / Math.max(1, kernel.ready)));
  const plain = await measure("plain ws", clients, {rate, bytes: kernel.meanBytes});
  console.log(row(plain));
  runs.push(kernel, plain);
  if (clients >= 10_000) {
    console.log(
      `  at ${clients}: kernel delivers ${Math.round((kernel.messagesPerSecond / plain.messagesPerSecond) * 100)} % of plain ws ` +
        `(target ≥ 80 %); p99 ratio ${(kernel.latencyP99Ms / plain.latencyP99Ms).toFixed(2)} (target ≤ 1.5)`,
    );
  }
}
// Where does p99 pass 250 ms? Climb a ladder of client counts; at each count the plain server gets the
// message rate and size the kernel delivered at that count, so both carry the same traffic.
if (values.ladder) {
  const passed: Record<Run["server"], number | null> = {kernel: null, "plain ws": null};
  let shape = {rate: 1, bytes: 1000};
  for (const clients of values.ladder.split(",").map(Number)) {
    if (passed.kernel == null) {
      const kernel = await measure("kernel", clients, {rate: 0, bytes: 0});
      console.log(row(kernel));
      shape = {
        rate: Math.max(1, Math.round(kernel.messagesPerSecond / Math.max(1, kernel.ready))),
        bytes: kernel.meanBytes,
      };
      if (kernel.latencyP99Ms > 250 || kernel.ready < clients) passed.kernel = clients;
    }
    if (passed["plain ws"] == null) {
      const plain = await measure("plain ws", clients, shape);
      console.log(row(plain));
      if (plain.latencyP99Ms > 250 || plain.ready < clients) passed["plain ws"] = clients;
    }
    if (passed.kernel != null && passed["plain ws"] != null) break;
  }
  for (const [server, at] of Object.entries(passed)) {
    console.log(
      at == null
        ? `  ${server}: p99 stayed under 250 ms up to ${values.ladder.split(",").at(-1)} clients`
        : `  ${server}: p99 passes 250 ms (or clients fail to connect) at ${at} clients`,
    );
  }
}
