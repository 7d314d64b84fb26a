// The kernel on Deno (`deno task kernel`): Deno.serve for HTTP and Deno.upgradeWebSocket for WebSockets.
// The only Deno-specific file; everything else is the same code the Node entry runs.
import {CLOSE_CODES} from "../src/sport/kernel-messages.js";
import {createKernel, optionsFromEnv} from "./kernel.js";
import type {LiveConnection} from "./live/connection.js";
import {acceptClient} from "./protocol/client-handler.js";
import {checkUpgrade} from "./protocol/upgrade.js";

/** The parts of Deno's API this file uses (the project typechecks against Node's types). */
interface DenoSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  onmessage: ((event: {data: unknown}) => void) | null;
  onclose: (() => void) | null;
  onerror: (() => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
interface DenoApi {
  args: string[];
  env: {toObject(): Record<string, string>};
  serve(
    options: {hostname: string; port: number; onListen?: (address: {hostname: string; port: number}) => void},
    handler: (request: Request, info: {remoteAddr: {hostname: string}}) => Response | Promise<Response>,
  ): {finished: Promise<void>; shutdown(): Promise<void>};
  upgradeWebSocket(request: Request): {socket: DenoSocket; response: Response};
  addSignalListener(signal: string, handler: () => void): void;
  exit(code: number): never;
}
declare const Deno: DenoApi;

function argument(name: string): string | undefined {
  const index = Deno.args.indexOf(`--${name}`);
  return index >= 0 ? Deno.args[index + 1] : undefined;
}

const env = Deno.env.toObject();
const kernel = await createKernel({
  ...optionsFromEnv(env),
  staticDir: argument("static") ?? null,
  // DuckDB's Node addon is not loaded under Deno unless asked for.
  ...(Deno.args.includes("--sql") ? {} : {sql: null}),
  clientAddress: (_request, info) =>
    (info as {remoteAddr?: {hostname: string}} | undefined)?.remoteAddr?.hostname ?? "unknown",
});
const {deps} = kernel;

function toLiveConnection(socket: DenoSocket, remoteAddress: string): LiveConnection {
  return {
    remoteAddress,
    send(message) {
      if (socket.readyState === 1) socket.send(message.text);
    },
    bufferedAmount: () => socket.bufferedAmount,
    close(code, reason) {
      deps.metrics.refused.set(code, (deps.metrics.refused.get(code) ?? 0) + 1);
      // Deno aborts (1006) a socket that receives frames after its close frame went out, losing the error
      // message and the code; a flooding client is still sending, so let its frames drain first.
      setTimeout(() => socket.close(code, reason), 100);
    },
  };
}

const server = Deno.serve(
  {
    hostname: argument("host") ?? "127.0.0.1",
    port: Number(argument("port") ?? env.PORT ?? 3000),
    onListen: ({hostname, port}) => console.error(`kernel (deno): listening on http://${hostname}:${port}`),
  },
  (request, info) => {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return kernel.app.fetch(request, info);
    const refusal = checkUpgrade(
      {
        path: new URL(request.url).pathname,
        origin: request.headers.get("origin"),
        host: request.headers.get("host"),
      },
      deps.allowedOrigins,
    );
    if (refusal) return new Response(`${refusal.message}\n`, {status: refusal.status});
    // remoteAddr cannot be read once the request is upgraded.
    const remoteAddress = info.remoteAddr.hostname;
    const {socket, response} = Deno.upgradeWebSocket(request);
    const connection = toLiveConnection(socket, remoteAddress);
    let handler: ReturnType<typeof acceptClient> | null = null;
    deps.metrics.connections++;
    (socket as unknown as {onopen: () => void}).onopen = () => {
      handler = acceptClient(deps.hub, connection, deps.limits, deps.commentary);
    };
    socket.onmessage = (event) => {
      if (typeof event.data === "string") handler?.onText(event.data);
      else handler?.onBinary();
    };
    socket.onclose = () => {
      deps.metrics.connections--;
      handler?.onClose();
    };
    socket.onerror = () => socket.close(CLOSE_CODES.goingAway, "socket error");
    return response;
  },
);

for (const signal of ["SIGINT", "SIGTERM"]) {
  Deno.addSignalListener(signal, () => {
    void kernel
      .close()
      .then(() => server.shutdown())
      .then(() => Deno.exit(0));
  });
}
