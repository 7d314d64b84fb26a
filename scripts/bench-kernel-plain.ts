// The benchmark's reference server (not part of the product): a plain `ws` server that broadcasts the same
// pre-serialized message to every client in a loop, at a given rate, with ws's own send. It is the ceiling
// the kernel is measured against. Args: --rate <messages/s per client> --bytes <message size>.
// POST /start begins the broadcast. Prints {"url": ...} once listening.
import {createServer} from "node:http";
import type {AddressInfo} from "node:net";
import {parseArgs} from "node:util";
import {WebSocketServer} from "ws";

const {values} = parseArgs({
  options: {rate: {type: "string", default: "5"}, bytes: {type: "string", default: "1000"}},
});
const rate = Number(values.rate);
const size = Number(values.bytes);
const server = createServer((request, response) => {
  if (request.method === "POST" && request.url === "/start") {
    start();
    response.end("started\n");
  } else {
    response.writeHead(404).end();
  }
});
const wss = new WebSocketServer({server, perMessageDeflate: false, path: "/v1/live"});
const padding = "x".repeat(Math.max(0, size - 90));
let seq = 0;
let timer: ReturnType<typeof setInterval> | null = null;

function start(): void {
  if (timer) return;
  timer = setInterval(() => {
    seq++;
    // The same header the kernel's deltas start with, so the load generator reads both alike.
    const now = Date.now();
    const message = Buffer.from(
      `{"t":"delta","from":${seq},"to":${seq},"at":${now},"sent":${now},"d":"${padding}"}`,
    );
    for (const client of wss.clients) client.send(message);
  }, 1000 / rate);
}

server.listen(0, "127.0.0.1", () => {
  const {port} = server.address() as AddressInfo;
  console.log(JSON.stringify({url: `http://127.0.0.1:${port}`}));
});
