import {randomUUID} from "node:crypto";
import {readFileSync} from "node:fs";
import {createServer, type IncomingMessage, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import type {Duplex} from "node:stream";
import {join, resolve} from "node:path";
import {WebSocketServer, type WebSocket} from "ws";
import {parseUtc} from "../../src/sport/units.js";
import {applyChange} from "../../sources/livetiming/index.js";
import {projectRoot} from "../../sources/settings.js";

/**
 * A local F1 live-timing server speaking classic ASP.NET SignalR (1.5 protocol, hub "Streaming") the way
 * livetiming.formula1.com does: GET /signalr/negotiate (JSON with ConnectionToken, KeepAliveTimeout, … and a
 * cookie the connect must carry), the WebSocket /signalr/connect?transport=webSockets&connectionToken=…&
 * connectionData=[{"name":"Streaming"}] (init message {"C":…,"S":1,"M":[]}), GET /signalr/start, the
 * Subscribe invocation answered {"R":{…state…},"I":"1"}, then feed frames {"C":…,"M":[{"H":"Streaming",
 * "M":"feed","A":[topic, payload, utc]}]} and keep-alives {}. It plays the real recorded frames of 2024 Imola
 * qualifying (subscribe.txt is the state at 13:59:11Z, live.txt the frames after it) on a session clock that
 * runs `speed` times real time from the moment the server starts, whoever is connected.
 */

export interface FakeSignalROptions {
  /** Folder holding subscribe.txt and live.txt; defaults to ../shared/data/signalr/2024_Imola_Qualifying. */
  dataDir?: string;
  /** How fast the session clock runs; defaults to 1 (real time). */
  speed?: number;
  /** Keep-alive period, ms (the negotiate answer says KeepAliveTimeout = 2x this); defaults to 2000. */
  keepAliveMs?: number;
  /** Extra frames (e.g. synthetic Position.z), merged into the recording by time. */
  extraFrames?: Frame[];
}

/** A hub message as the feed sends it. */
export interface Frame {
  H: "Streaming";
  M: "feed";
  A: [topic: string, payload: unknown, utc: string];
}

export interface FakeSignalR {
  /** e.g. http://127.0.0.1:41234 (the client appends /signalr/...). */
  baseUrl: string;
  /** Session time now, epoch ms. */
  sessionNow(): number;
  /** The state a subscriber would get at session time `utc` for `topics`: subscribe.txt merged with every frame up to it. */
  stateAt(utc: number, topics: readonly string[]): Record<string, unknown>;
  /** Frames in time order, with their UTC epoch ms. */
  readonly frames: readonly {frame: Frame; utc: number}[];
  /** Session time of the last frame. */
  readonly endUtc: number;
  /** Requests seen, for assertions ("negotiate", "connect", "start", "subscribe", "abort"). */
  readonly log: string[];
  /** Feed frames sent to clients so far, over all connections. */
  framesSent(): number;
  /** Cuts every open WebSocket (as a network failure would). */
  dropConnections(): void;
  /** Stops sending anything (frames, keep-alives) while on, the sockets staying open; catches up when off. */
  stall(on: boolean): void;
  /** While on, cuts every socket and answers negotiate 503 (the service is down). */
  fail(on: boolean): void;
  /** Sends a text frame as is to every connected client (corrupt frames). */
  sendRaw(text: string): void;
  close(): Promise<void>;
}

const HUB_DATA = JSON.stringify([{name: "streaming"}]);

/** Starts the fake live-timing server on a free loopback port. */
export async function startFakeSignalR(options: FakeSignalROptions = {}): Promise<FakeSignalR> {
  const dataDir =
    options.dataDir ?? resolve(projectRoot, "..", "shared", "data", "signalr", "2024_Imola_Qualifying");
  const initial = JSON.parse(readFileSync(join(dataDir, "subscribe.txt"), "utf8")) as Record<string, unknown>;
  const frames = readFileSync(join(dataDir, "live.txt"), "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Frame)
    .concat(options.extraFrames ?? [])
    .map((frame, index) => ({frame, utc: parseUtc(frame.A[2]) ?? 0, index}))
    // The recording is in arrival order; a few stamps repeat. Stable sort keeps arrival order within a stamp.
    .sort((a, b) => a.utc - b.utc || a.index - b.index);
  const speed = options.speed ?? 1;
  const keepAliveMs = options.keepAliveMs ?? 2_000;
  const startUtc = frames[0]!.utc;
  const startedAt = Date.now();
  const sessionNow = () => startUtc + (Date.now() - startedAt) * speed;
  const tokens = new Map<string, {connectionId: string; cookie: string; started: boolean}>();
  const sockets = new Set<WebSocket>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  const log: string[] = [];
  let messageCounter = 0;
  let stalled = false;
  /** Subscribe answers held back by a stall. */
  const held: (() => void)[] = [];
  let failing = false;
  let framesSent = 0;

  function stateAt(now: number, topics: readonly string[]): Record<string, unknown> {
    const state: Record<string, unknown> = {};
    for (const topic of topics) if (topic in initial) state[topic] = structuredClone(initial[topic]);
    for (const {frame, utc} of frames) {
      if (utc > now) break;
      const [topic, payload] = frame.A;
      if (!topics.includes(topic)) continue;
      state[topic] =
        typeof payload === "string" ? payload : applyChange(state[topic], structuredClone(payload));
    }
    return state;
  }

  const query = (request: IncomingMessage) => new URL(request.url ?? "/", "http://fake").searchParams;

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", "http://fake");
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, {"content-type": "application/json; charset=UTF-8", ...headers});
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/signalr/negotiate") {
      log.push("negotiate");
      if (failing) return json(503, {error: "Service Unavailable"});
      if (!isStreamingHub(url.searchParams.get("connectionData"))) return json(400, {error: "unknown hub"});
      const token = `${randomUUID()}${randomUUID()}`.replace(/-/g, "");
      const cookie = `GCLB=${randomUUID().slice(0, 16)}`;
      tokens.set(token, {connectionId: randomUUID(), cookie, started: false});
      return json(
        200,
        {
          Url: "/signalr",
          ConnectionToken: token,
          ConnectionId: tokens.get(token)!.connectionId,
          KeepAliveTimeout: (keepAliveMs * 2) / 1000,
          DisconnectTimeout: 30.0,
          ConnectionTimeout: 110.0,
          TryWebSockets: true,
          ProtocolVersion: "1.5",
          TransportConnectTimeout: 10.0,
          LongPollDelay: 0.0,
        },
        {"set-cookie": `${cookie}; path=/; HttpOnly`},
      );
    }
    if (url.pathname === "/signalr/start") {
      log.push("start");
      const entry = tokens.get(url.searchParams.get("connectionToken") ?? "");
      if (!entry || url.searchParams.get("transport") !== "webSockets")
        return json(400, {error: "bad token"});
      entry.started = true;
      return json(200, {Response: "started"});
    }
    if (url.pathname === "/signalr/abort") {
      log.push("abort");
      return json(200, {});
    }
    response.writeHead(404, {"content-type": "text/plain"});
    response.end("Not found\n");
  }

  const wss = new WebSocketServer({noServer: true});
  const server = createServer(handle);
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const params = query(request);
    const entry = tokens.get(params.get("connectionToken") ?? "");
    const refuse = (status: number, message: string) =>
      socket.end(`HTTP/1.1 ${status} Bad Request\r\nContent-Type: text/plain\r\n\r\n${message}`);
    if (new URL(request.url ?? "/", "http://fake").pathname !== "/signalr/connect")
      return refuse(404, "Not found");
    if (!entry) return refuse(400, "The connection id is in the incorrect format.");
    if (params.get("transport") !== "webSockets" || !isStreamingHub(params.get("connectionData"))) {
      return refuse(400, "Protocol error: Unknown transport or hub.");
    }
    if (!(request.headers.cookie ?? "").includes(entry.cookie))
      return refuse(400, "Missing the negotiate cookie.");
    log.push("connect");
    wss.handleUpgrade(request, socket, head, (ws) => serveConnection(ws));
  });

  function serveConnection(ws: WebSocket): void {
    sockets.add(ws);
    const groupsToken = randomUUID();
    const id = () => `d-${(++messageCounter).toString(16).toUpperCase()},0|B,0|C,1`;
    ws.send(JSON.stringify({C: id(), S: 1, M: []}));
    let next = -1;
    let lastSent = Date.now();
    const timer = setInterval(() => {
      // A stalled server holds everything back, keep-alives too; what fell due goes out when it recovers.
      if (stalled) return;
      if (next >= 0) {
        const now = sessionNow();
        const due: Frame[] = [];
        while (next < frames.length && frames[next]!.utc <= now) due.push(frames[next++]!.frame);
        if (due.length > 0) {
          framesSent += due.length;
          ws.send(JSON.stringify({C: id(), M: due}));
          lastSent = Date.now();
        }
      }
      if (Date.now() - lastSent >= keepAliveMs) {
        ws.send("{}");
        lastSent = Date.now();
      }
    }, 20);
    timers.add(timer);
    ws.on("message", (data) => {
      let invocation: {H?: string; M?: string; A?: unknown[]; I?: string | number};
      try {
        invocation = JSON.parse(data.toString()) as typeof invocation;
      } catch {
        return ws.close(1003, "not JSON");
      }
      if (invocation.H?.toLowerCase() !== "streaming" || invocation.M !== "Subscribe") {
        return ws.send(
          JSON.stringify({I: String(invocation.I), E: `'${invocation.M}' method could not be resolved.`}),
        );
      }
      log.push("subscribe");
      const answer = () => {
        if (ws.readyState !== ws.OPEN) return;
        const topics = (invocation.A?.[0] ?? []) as string[];
        const now = sessionNow();
        next = frames.findIndex((entry) => entry.utc > now);
        if (next < 0) next = frames.length;
        ws.send(JSON.stringify({R: stateAt(now, topics), I: String(invocation.I)}));
        ws.send(JSON.stringify({C: id(), G: groupsToken, M: []}));
      };
      if (stalled) held.push(answer);
      else answer();
    });
    ws.on("close", () => {
      clearInterval(timer);
      timers.delete(timer);
      sockets.delete(ws);
    });
  }

  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const {port} = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    sessionNow,
    stateAt,
    frames,
    endUtc: frames.at(-1)!.utc,
    log,
    framesSent: () => framesSent,
    dropConnections() {
      for (const socket of sockets) socket.terminate();
    },
    stall(on: boolean) {
      stalled = on;
      if (!on) for (const answer of held.splice(0)) answer();
    },
    fail(on: boolean) {
      failing = on;
      if (on) for (const socket of sockets) socket.terminate();
    },
    sendRaw(text: string) {
      for (const socket of sockets) socket.send(text);
    },
    close: () =>
      new Promise<void>((done) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function isStreamingHub(connectionData: string | null): boolean {
  try {
    const hubs = JSON.parse(connectionData ?? "[]") as {name?: string}[];
    return JSON.stringify(hubs.map((hub) => ({name: hub.name?.toLowerCase()}))) === HUB_DATA;
  } catch {
    return false;
  }
}
