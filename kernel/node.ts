// The kernel on Node: @hono/node-server for HTTP, ws for WebSockets. The only Node-specific file.
import type {IncomingMessage} from "node:http";
import type {AddressInfo} from "node:net";
import type {Duplex} from "node:stream";
import {pathToFileURL} from "node:url";
import {parseArgs} from "node:util";
import {serve, type ServerType} from "@hono/node-server";
import {WebSocketServer, type RawData, type WebSocket} from "ws";
import {CLOSE_CODES} from "../src/sport/kernel-messages.js";
import {createKernel, optionsFromEnv, type Kernel, type KernelOptions} from "./kernel.js";
import type {LiveConnection, SharedMessage} from "./live/connection.js";
import {acceptClient} from "./protocol/client-handler.js";
import {checkUpgrade} from "./protocol/upgrade.js";

export interface RunningKernel {
  kernel: Kernel;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the kernel on Node; defaults to 127.0.0.1 on a free port. */
export async function startNodeKernel(
  options: KernelOptions & {host?: string; port?: number} = {},
): Promise<RunningKernel> {
  const kernel = await createKernel({
    clientAddress: (_request, env) =>
      (env as {incoming?: IncomingMessage} | undefined)?.incoming?.socket.remoteAddress ?? "unknown",
    ...options,
  });
  const {deps} = kernel;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: deps.limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  const server: ServerType = await new Promise((resolve) => {
    const started = serve(
      {fetch: kernel.app.fetch, hostname: options.host ?? "127.0.0.1", port: options.port ?? 0},
      () => resolve(started),
    );
  });
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(
      {
        path: new URL(request.url ?? "/", "http://kernel").pathname,
        origin: request.headers.origin ?? null,
        host: request.headers.host ?? null,
      },
      deps.allowedOrigins,
    );
    if (refusal) {
      deps.metrics.refused.set(
        CLOSE_CODES.originRefused,
        (deps.metrics.refused.get(CLOSE_CODES.originRefused) ?? 0) + 1,
      );
      socket.end(
        `HTTP/1.1 ${refusal.status} Refused\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refusal.message}\n`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, request));
  });

  function onConnection(ws: WebSocket, request: IncomingMessage): void {
    deps.metrics.connections++;
    const connection = toLiveConnection(ws, request.socket.remoteAddress ?? "unknown", (code) =>
      deps.metrics.refused.set(code, (deps.metrics.refused.get(code) ?? 0) + 1),
    );
    const handler = acceptClient(deps.hub, connection, deps.limits, deps.commentary);
    ws.on("message", (data: RawData, isBinary: boolean) => {
      if (isBinary) handler.onBinary();
      else handler.onText(data.toString());
    });
    ws.on("error", () => ws.terminate());
    ws.on("close", () => {
      deps.metrics.connections--;
      handler.onClose();
    });
  }

  const address = server.address() as AddressInfo;
  return {
    kernel,
    port: address.port,
    url: `http://${address.address}:${address.port}`,
    async close() {
      for (const client of wss.clients) client.close(CLOSE_CODES.goingAway, "kernel shutting down");
      await kernel.close();
      await new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        (server as {closeAllConnections?: () => void}).closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}

/**
 * Wraps a ws socket. Shared messages are framed once (a text frame, unmasked as server frames are) and the
 * same bytes written to every socket, instead of ws framing the text again for each client.
 */
function toLiveConnection(
  ws: WebSocket,
  remoteAddress: string,
  refused: (code: number) => void,
): LiveConnection {
  const socket = (ws as unknown as {_socket: Duplex})._socket;
  return {
    remoteAddress,
    send(message: SharedMessage) {
      if (ws.readyState !== ws.OPEN) return;
      message.encoded ??= frameText(message.text);
      socket.write(message.encoded as Buffer);
    },
    bufferedAmount: () => ws.bufferedAmount,
    close(code, reason) {
      refused(code);
      ws.close(code, reason);
      // A client that does not answer the close handshake is cut off.
      setTimeout(() => ws.terminate(), 2_000).unref();
    },
  };
}

/** One WebSocket text frame (FIN, opcode 1, no mask) holding `text`. */
export function frameText(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const header = Buffer.alloc(length < 126 ? 2 : length < 65_536 ? 4 : 10);
  header[0] = 0x81;
  if (length < 126) header[1] = length;
  else if (length < 65_536) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

async function main(): Promise<void> {
  const {values} = parseArgs({
    options: {
      host: {type: "string", default: "127.0.0.1"},
      port: {type: "string", default: process.env.PORT ?? "3000"},
      static: {type: "string"},
      "no-sql": {type: "boolean", default: false},
      // One node of several sharing a Redis log (kernel/cluster/); Node only.
      redis: {type: "string", default: process.env.PITWALL_REDIS_URL},
      "node-id": {type: "string"},
    },
  });
  const cluster = values.redis
    ? await (await import("./cluster/join.js")).joinCluster(values.redis, values["node-id"], process.env)
    : undefined;
  const running = await startNodeKernel({
    ...optionsFromEnv(process.env),
    host: values.host,
    port: Number(values.port),
    staticDir: values.static ?? null,
    ...(values["no-sql"] ? {sql: null} : {}),
    cluster,
  });
  await cluster?.setAdvertiseUrl(running.url);
  for (const problem of running.kernel.deps.problems) process.stderr.write(`kernel: ${problem}\n`);
  process.stderr.write(`kernel: listening on ${running.url} (docs: ${running.url}/v1/docs)\n`);
  const stop = () => {
    process.stderr.write("kernel: shutting down\n");
    void running.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`kernel: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
