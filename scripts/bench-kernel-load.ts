// Load generator for the kernel benchmark (its own process): opens N WebSocket clients, subscribes them,
// then on "measure <seconds>" on stdin counts what they receive and prints one JSON line of figures.
// Reads only each message's header (from, to, at), as a notebook would before applying it.
// Run by scripts/bench-kernel.ts; by hand: tsx scripts/bench-kernel-load.ts <ws-url> <clients> <session|plain>
// Several comma-separated URLs spread the clients over several kernel nodes in turn (scripts/bench-scale.ts).
import {createInterface} from "node:readline";
import WebSocket from "ws";

const [url = "", clientsText = "100", session = "plain"] = process.argv.slice(2);
const clientCount = Number(clientsText);
const urls = url.split(",");
const HEADER = /"from":(\d+),"to":(\d+),"at":(\d+),"sent":(\d+)/;

interface ClientState {
  last: number;
  ready: boolean;
}

let measuring = false;
let messages = 0;
let deltas = 0;
let bytes = 0;
let lost = 0;
let duplicated = 0;
let snapshots = 0;
let closed = 0;
let failed = 0;
const latencies: number[] = [];
const sendLatencies: number[] = [];
const clients: ClientState[] = [];
const sockets: WebSocket[] = [];

function onMessage(state: ClientState, data: Buffer): void {
  const received = Date.now();
  const head = data.toString("latin1", 0, Math.min(data.length, 160));
  if (head.startsWith('{"t":"snapshot"')) {
    const seq = /"seq":(\d+)/.exec(data.toString("latin1", 0, 200))?.[1];
    state.last = Number(seq ?? -1);
    state.ready = true;
    if (measuring) snapshots++;
    return;
  }
  const match = HEADER.exec(head);
  if (!match) {
    if (session === "plain" || head.startsWith('{"t":"subscribed"')) state.ready = true;
    return;
  }
  const from = Number(match[1]);
  const to = Number(match[2]);
  const at = Number(match[3]);
  const sent = Number(match[4]);
  if (state.last >= 0 && measuring) {
    if (from > state.last + 1) lost += from - state.last - 1;
    if (from <= state.last) duplicated += Math.min(to, state.last) - from + 1;
  }
  state.last = Math.max(state.last, to);
  if (!measuring) return;
  messages++;
  deltas += to - from + 1;
  bytes += data.length;
  latencies.push(received - at);
  sendLatencies.push(received - sent);
}

async function connectAll(): Promise<void> {
  const batch = 250;
  for (let start = 0; start < clientCount; start += batch) {
    const opening: Promise<void>[] = [];
    for (let i = start; i < Math.min(clientCount, start + batch); i++) {
      const state: ClientState = {last: -1, ready: false};
      clients.push(state);
      const socket = new WebSocket(urls[i % urls.length]!, {perMessageDeflate: false});
      sockets.push(socket);
      opening.push(
        new Promise((resolve) => {
          socket.once("open", () => {
            if (session !== "plain") socket.send(JSON.stringify({op: "subscribe", session}));
            else state.ready = true;
            resolve();
          });
          socket.once("error", () => {
            failed++;
            resolve();
          });
        }),
      );
      socket.on("message", (data: Buffer) => onMessage(state, data));
      socket.on("close", () => closed++);
    }
    await Promise.all(opening);
  }
  const deadline = Date.now() + 60_000;
  while (clients.some((client) => !client.ready) && Date.now() < deadline) {
    if (failed + clients.filter((client) => client.ready).length >= clientCount) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

await connectAll();
const ready = clients.filter((client) => client.ready).length;
console.log(JSON.stringify({ready, failed}));

const lines = createInterface({input: process.stdin});
for await (const line of lines) {
  const seconds = Number(/^measure (\d+(?:\.\d+)?)$/.exec(line)?.[1]);
  if (!seconds) continue;
  const cpuStart = process.cpuUsage();
  const started = Date.now();
  measuring = true;
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  measuring = false;
  const elapsedS = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  latencies.sort((a, b) => a - b);
  sendLatencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      clients: clientCount,
      ready,
      failed,
      closedDuring: closed,
      seconds: elapsedS,
      messages,
      messagesPerSecond: Math.round(messages / elapsedS),
      deltasPerSecond: Math.round(deltas / elapsedS),
      meanBytes: Math.round(bytes / Math.max(1, messages)),
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      sendP50Ms: percentile(sendLatencies, 50),
      sendP99Ms: percentile(sendLatencies, 99),
      lost,
      duplicated,
      snapshotsDuring: snapshots,
      loadCpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / elapsedS) * 100),
    }),
  );
  break;
}
for (const socket of sockets) socket.terminate();
process.exit(0);
