import {spawn} from "node:child_process";
import {createServer} from "node:net";
import {join} from "node:path";
import {projectRoot} from "./site.js";

/** A running `observable preview` server. */
export interface Preview {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts `observable preview` (telemetry off) on a free loopback port and waits until it answers.
 * The npm cache must be filled first (`npm run npm-cache`; the browser tests' global setup does it).
 */
export async function startPreview({timeout = 60_000} = {}): Promise<Preview> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(
    join(projectRoot, "node_modules", ".bin", "observable"),
    ["preview", "--host", "127.0.0.1", "--port", String(port), "--no-open"],
    {
      cwd: projectRoot,
      env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"},
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`observable preview exited (${child.exitCode}):\n${output}`);
    const answered = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return {url, close};
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await close();
  throw new Error(`observable preview did not answer on ${url} within ${timeout} ms:\n${output}`);
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
