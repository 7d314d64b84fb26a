import {spawn, type ChildProcess} from "node:child_process";
import {mkdtemp, rm} from "node:fs/promises";
import {createServer} from "node:net";
import {tmpdir} from "node:os";
import {join} from "node:path";

/** A real redis-server for tests: its own port and folder, append-only file synced on every write. */
export interface RedisProcess {
  url: string;
  port: number;
  dir: string;
  child: ChildProcess;
  /** Stops it (SIGTERM: saves and exits; SIGKILL: a crash) and starts it again on the same port and folder. */
  restart(signal?: NodeJS.Signals, downMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
  });
}

/** Starts Debian's redis-server (apt-get install redis-server) on a free port in a fresh folder. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "pitwall-redis-"));
  let child = await launch(port, dir);
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode != null || child.signalCode != null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get child() {
      return child;
    },
    async restart(signal: NodeJS.Signals = "SIGTERM", downMs = 0) {
      await stop(signal);
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      child = await launch(port, dir);
    },
    stop,
    async close() {
      await stop("SIGKILL");
      await rm(dir, {recursive: true, force: true});
    },
  };
}

async function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--appendfsync",
      "always",
      "--save",
      "",
      "--logfile",
      "",
    ],
    {stdio: ["ignore", "pipe", "pipe"]},
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.once("error", (error) =>
      reject(new Error(`redis-server did not start (${error.message}): apt-get install redis-server`)),
    );
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk;
      if (/Ready to accept connections/.test(output)) resolve();
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}
