import {spawn, type ChildProcess} from "node:child_process";
import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {projectRoot} from "../sources/settings.js";
import {LiveTestClient} from "./testing/live-test-client.js";
import {
  control,
  LATE_IN_THE_RACE_MS,
  MIAMI_ID,
  MIAMI_SPRINT,
  offlineStateAt,
} from "./testing/protocol-suite.js";

const token = "restart-token";
const children = new Set<ChildProcess>();

/** Starts the kernel as its own process (so it can be killed like a crash) and waits for its URL. */
async function spawnKernel(captureDir: string): Promise<{url: string; child: ChildProcess}> {
  // Node itself runs the kernel (tsx as a loader), so the kill reaches the kernel and not a wrapper.
  const child = spawn(process.execPath, ["--import", "tsx", "kernel/node.ts", "--port", "0", "--no-sql"], {
    cwd: projectRoot,
    env: {...process.env, PITWALL_CAPTURE_DIR: captureDir, PITWALL_KERNEL_TOKEN: token},
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.add(child);
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`kernel exited (${code}): ${output}`)));
  });
  return {url, child};
}

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

describe("kernel restart", () => {
  it("a kernel killed mid-replay resumes from its capture: the client resumes with every delta exactly once", async () => {
    const captureDir = await mkdtemp(join(tmpdir(), "pitwall-restart-"));
    try {
      const first = await spawnKernel(captureDir);
      expect(
        (
          await control(first.url, token, "/v1/feeds/replay", {
            path: MIAMI_SPRINT,
            speed: 20,
            startAtMs: LATE_IN_THE_RACE_MS,
          })
        ).status,
      ).toBe(201);
      const client = await LiveTestClient.connect(first.url);
      client.subscribe(MIAMI_ID);
      await client.waitFor(() => client.state != null, 10_000, "snapshot");
      const start = client.seq;
      await client.waitFor(() => client.seq >= start + 50, 20_000, "50 deltas");
      first.child.kill("SIGKILL");
      await client.closed();
      const lastSeq = client.seq;
      const captured = (await readFile(join(captureDir, MIAMI_ID, "events.jsonl"), "utf8"))
        .trim()
        .split("\n");
      expect(captured.length).toBeGreaterThanOrEqual(lastSeq);

      const second = await spawnKernel(captureDir);
      const again = await LiveTestClient.connect(second.url);
      again.state = structuredClone(client.state);
      again.seq = lastSeq;
      again.subscribe(MIAMI_ID, {lastSeq});
      await again.waitFor(() => again.seq >= captured.length + 30, 20_000, "deltas after the restart");
      expect((await control(second.url, token, `/v1/sessions/${MIAMI_ID}/replay/pause`)).status).toBe(200);
      const seq = (
        (await (await fetch(`${second.url}/v1/sessions/${MIAMI_ID}/snapshot`)).json()) as {seq: number}
      ).seq;
      await again.waitFor(() => again.seq === seq, 10_000, `seq ${seq}`);

      expect(again.messages.find((message) => message.t === "subscribed")).toMatchObject({resumed: true});
      expect(again.violations).toEqual([]);
      const covered = again.ranges.flatMap(([from, to]) =>
        Array.from({length: to - from + 1}, (_, i) => from + i),
      );
      expect(covered).toEqual(Array.from({length: seq - lastSeq}, (_, i) => lastSeq + 1 + i));
      expect(again.state).toEqual(await offlineStateAt(seq));
      again.close();
      second.child.kill("SIGTERM");
    } finally {
      await rm(captureDir, {recursive: true, force: true});
    }
  });
});
