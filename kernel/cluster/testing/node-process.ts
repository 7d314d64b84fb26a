import {spawn, type ChildProcess} from "node:child_process";
import {projectRoot} from "../../../sources/settings.js";

/** A kernel node in its own process, so it can be killed like a crash. */
export interface NodeProcess {
  nodeId: string;
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Starts `kernel/node.ts --redis <url> --node-id <id>` on a free port and waits for its URL (no Redis: single node). */
export async function spawnNode(
  redisUrl: string | null,
  nodeId: string,
  env: Record<string, string> = {},
): Promise<NodeProcess> {
  // Node itself runs the kernel (tsx as a loader), so a kill reaches the kernel and not a wrapper.
  const child = spawn(
    process.execPath,
    [
      ...["--import", "tsx", "kernel/node.ts", "--port", "0", "--no-sql"],
      ...(redisUrl ? ["--redis", redisUrl, "--node-id", nodeId] : []),
    ],
    {cwd: projectRoot, env: {...process.env, ...env}, stdio: ["ignore", "ignore", "pipe"]},
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${nodeId} did not start: ${output}`)), 60_000);
    child.stderr!.on("data", () => {
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${nodeId} exited (${code}): ${output}`));
    });
  });
  return {
    nodeId,
    url,
    child,
    output: () => output,
    async kill(signal: NodeJS.Signals = "SIGKILL") {
      if (child.exitCode != null || child.signalCode != null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill(signal);
      await exited;
    },
  };
}

/** Kills every node this process started (a test's afterAll). */
export function killAllNodes(): void {
  for (const child of running) child.kill("SIGKILL");
}
