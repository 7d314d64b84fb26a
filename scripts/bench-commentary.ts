// Commentary benchmark: from an event detected in the kernel's timing state to the first commentary token at a
// WebSocket client, with the fake Messages API answering at once. Three processes on loopback: the kernel (this
// one), the fake API (its own process, as a network service is) and the WebSocket client (its own process).
// Lines carry the kernel's detection time (epoch ms with a fraction); the client subtracts it from the arrival
// of the line's first token. Two scenarios:
//   isolated: one race-control event at a time (every 300 ms) in an otherwise quiet session: the overhead alone;
//   replay: the 2025 Miami sprint's pit window and safety car replayed at 10x, events arriving in bursts while
//           the kernel also fans out timing.
// Prints p50/p99 for Claude lines (SDK + SSE + grounding check + log + fan-out + client) and for template lines
// (no network), the fake's own time to first token (its share, not overhead), and the kernel's own view.
// Run: npm run bench -- commentary   (or: npx tsx scripts/bench-commentary.ts [--events 200] [--seconds 40])
import {spawn, type ChildProcess} from "node:child_process";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {createInterface} from "node:readline";
import {parseArgs} from "node:util";
import WebSocket from "ws";
import {startNodeKernel} from "../kernel/node.js";
import {archive, MIAMI_SPRINT} from "../kernel/testing/protocol-suite.js";
import {COMMENTARY_TOPIC} from "../kernel/timing/feed-event.js";
import {projectRoot} from "../sources/settings.js";
import type {LiveCommentaryLine} from "../src/sport/commentary.js";
import {applyPatch} from "../src/sport/live-patch.js";
import type {LiveState, ServerMessage} from "../src/sport/kernel-messages.js";
import {startFakeAnthropic, toFakeClaudeSettings} from "../test/fakes/anthropic-server.js";

const {values} = parseArgs({
  options: {
    role: {type: "string", default: "main"},
    url: {type: "string"},
    sessions: {type: "string"},
    events: {type: "string", default: "200"},
    seconds: {type: "string", default: "40"},
  },
});

const now = () => performance.timeOrigin + performance.now();
const REPLAY_ID = "2025-miami-grand-prix-sprint";
const ISOLATED_ID = "bench-isolated";
/** Lap 12 of the Miami sprint: pit stops, the safety car, the finish. */
const PIT_WINDOW_MS = 5_540_000;

/** The fake Messages API in its own process: prints its URL and key, answers until killed. */
async function runFake(): Promise<void> {
  const fake = await startFakeAnthropic();
  process.stdout.write(`${JSON.stringify({url: fake.url, apiKey: fake.apiKey})}\n`);
}

/** A WebSocket client: subscribes to the commentary of each session, prints each line's first-token latency. */
async function runClient(url: string, sessions: string[]): Promise<void> {
  for (const session of sessions) {
    const socket = new WebSocket(`${url.replace(/^http/, "ws")}/v1/live`);
    let state: Partial<LiveState> = {};
    const seen = new Set<string>();
    socket.on("open", () => socket.send(JSON.stringify({op: "subscribe", session, topics: ["commentary"]})));
    socket.on("message", (data) => {
      const arrived = now();
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (message.t === "snapshot") {
        state = message.state;
        for (const id of Object.keys(state.commentary?.lines ?? {})) seen.add(id);
      } else if (message.t === "delta") {
        for (const [, patch] of message.d) state = applyPatch(state, patch);
      } else if (message.t === "subscribed") {
        process.stdout.write(`${JSON.stringify({ready: session})}\n`);
        return;
      } else return;
      for (const line of Object.values(state.commentary?.lines ?? {}) as LiveCommentaryLine[]) {
        if (seen.has(line.id) || line.tokens.length === 0) continue;
        seen.add(line.id);
        process.stdout.write(
          `${JSON.stringify({session, id: line.id, source: line.source, ms: arrived - line.detectedAt})}\n`,
        );
      }
    });
  }
}

function spawnRole(role: string, args: string[] = []): {child: ChildProcess; lines: AsyncIterator<string>} {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(projectRoot, "scripts/bench-commentary.ts"), "--role", role, ...args],
    {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return {child, lines: createInterface({input: child.stdout!})[Symbol.asyncIterator]()};
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function describe(label: string, values: number[]): string {
  if (values.length === 0) return `${label}: no lines`;
  return `${label}: p50 ${quantile(values, 0.5).toFixed(1)} ms, p99 ${quantile(values, 0.99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (${values.length} lines)`;
}

/** The fake's own time to the first text delta, measured directly: its share of every Claude line. */
async function measureFake(fake: {url: string; apiKey: string}, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = now();
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-api-key": fake.apiKey,
        "anthropic-version": "2023-06-01",
      },
      body: JSON.stringify({
        model: "m",
        max_tokens: 80,
        stream: true,
        messages: [{role: "user", content: "Headline: VER pits"}],
      }),
    });
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes("text_delta")) {
      const {value, done} = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    times.push(now() - started);
    await reader.cancel();
  }
  return times;
}

async function main(): Promise<void> {
  const eventsWanted = Number(values.events);
  const fakeProcess = spawnRole("fake");
  const fake = JSON.parse((await fakeProcess.lines.next()).value as string) as {url: string; apiKey: string};
  const captureDir = await mkdtemp(join(tmpdir(), "pitwall-bench-commentary-"));
  const kernel = await startNodeKernel({
    captureDir,
    tokens: ["bench"],
    sql: null,
    models: null,
    archive,
    resumeFeeds: false,
    commentary: {
      claude: toFakeClaudeSettings(fake),
      budget: {requestsPerMinute: 100_000, tokensPerSession: 1e9},
      maxConcurrent: 8,
      maxQueueMs: 60_000,
    },
  });
  const fakeShare = await measureFake(fake, 200);
  const isolated = kernel.kernel.deps.hub.open(ISOLATED_ID);
  let offset = 0;
  const feed = (topic: string, change: unknown) =>
    isolated.ingest({topic, offsetMs: (offset += 300), utc: null, change});
  feed("SessionInfo", {Type: "Race", Name: "Race", Meeting: {Name: "Bench Grand Prix"}});
  feed("DriverList", {
    "1": {RacingNumber: "1", Tla: "VER", BroadcastName: "M VERSTAPPEN", TeamName: "Red Bull Racing"},
  });
  feed("SessionStatus", {Status: "Started"});
  // The replay's session must exist before the client subscribes: open it now, fed below.
  kernel.kernel.deps.hub.open(REPLAY_ID);

  const client = spawnRole("client", ["--url", kernel.url, "--sessions", `${ISOLATED_ID},${REPLAY_ID}`]);
  const results: {session: string; source: string; ms: number}[] = [];
  let ready = 0;
  const reading = (async () => {
    for (;;) {
      const next = await client.lines.next();
      if (next.done) return;
      const record = JSON.parse(next.value as string) as {
        ready?: string;
        session: string;
        source: string;
        ms: number;
      };
      if (record.ready) ready++;
      else results.push(record);
    }
  })();
  while (ready < 2) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  process.stderr.write(`isolated: ${eventsWanted} race-control events, one every 300 ms\n`);
  for (let index = 0; index < eventsWanted; index++) {
    feed("RaceControlMessages", {
      Messages: {
        [index]: {
          Category: "Other",
          Lap: 1,
          Message: `FIA STEWARDS: INCIDENT INVOLVING CAR 1 (VER) NOTED - REASON ${index}`,
        },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  process.stderr.write(`replay: Miami sprint from lap 12 at 10x for ${values.seconds} s\n`);
  const started = await fetch(`${kernel.url}/v1/feeds/replay`, {
    method: "POST",
    headers: {authorization: "Bearer bench", "content-type": "application/json"},
    body: JSON.stringify({path: MIAMI_SPRINT, speed: 10, startAtMs: PIT_WINDOW_MS}),
  });
  if (started.status !== 201)
    throw new Error(`replay did not start: ${started.status} ${await started.text()}`);
  await new Promise((resolve) => setTimeout(resolve, Number(values.seconds) * 1000));
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  const pick = (session: string, source: string) =>
    results.filter((r) => r.session === session && r.source === source).map((r) => r.ms);
  const kernelView = kernel.kernel.deps.commentary!.status();
  const replayChannel = kernel.kernel.deps.hub.get(REPLAY_ID)!;
  const commentaryEvents = replayChannel.log
    .readAll()
    .filter((event) => event.topic === COMMENTARY_TOPIC).length;
  console.log(
    "Event detected in the kernel → first commentary token at a WebSocket client (another process):",
  );
  console.log(`  ${describe("isolated events, Claude lines", pick(ISOLATED_ID, "claude"))}`);
  console.log(`  ${describe("replay at 10x, Claude lines", pick(REPLAY_ID, "claude"))}`);
  console.log(`  ${describe("replay at 10x, template lines", pick(REPLAY_ID, "template"))}`);
  console.log(`  ${describe("the fake API's own time to first token (direct fetch)", fakeShare)}`);
  const overhead = quantile(pick(ISOLATED_ID, "claude"), 0.5) - quantile(fakeShare, 0.5);
  console.log(
    `  overhead at p50, isolated (Claude line minus the fake's own share): ${overhead.toFixed(1)} ms (target < 50 ms)`,
  );
  console.log(
    `  kernel's own view, detection → first checked text logged: p50 ${kernelView.stats.firstTokenMs.p50?.toFixed(1)} ms, p99 ${kernelView.stats.firstTokenMs.p99?.toFixed(1)} ms`,
  );
  console.log(
    `  requests ${kernelView.stats.requests}, grounding checked ${kernelView.stats.groundingChecked}, replay commentary log events ${commentaryEvents}`,
  );

  client.child.kill();
  fakeProcess.child.kill();
  await reading.catch(() => {});
  await kernel.close();
  await rm(captureDir, {recursive: true, force: true});
}

if (values.role === "fake") await runFake();
else if (values.role === "client") await runClient(values.url!, values.sessions!.split(","));
else await main();
