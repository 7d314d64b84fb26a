import {spawn} from "node:child_process";
import {join} from "node:path";
import {projectRoot} from "../sources/settings.js";
import {describeProtocol} from "./testing/protocol-suite.js";

// The same protocol tests as on Node, against `deno task kernel` (Deno installed from npm as a dev dependency).
describeProtocol("Deno", async ({captureDir, token}) => {
  const deno = join(projectRoot, "node_modules", ".bin", "deno");
  const child = spawn(deno, ["task", "kernel", "--port", "0"], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PITWALL_CAPTURE_DIR: captureDir,
      PITWALL_KERNEL_TOKEN: token,
      DENO_NO_UPDATE_CHECK: "1",
    },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`deno task kernel exited (${code}):\n${output}`)));
  });
  return {
    url,
    close: async () => {
      // `deno task` runs the kernel as its child: end the whole process group.
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
});
