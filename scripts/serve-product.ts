// What `npm start` ends with: the kernel on 127.0.0.1:3000 serving the built notebooks (dist/) and its API,
// with a replay running so the live dashboard has a session to show. Settings (environment):
//   PORT (3000), PITWALL_KERNEL_TOKEN (control token; a random one is made and printed when unset),
//   PITWALL_REPLAY (session id to replay at start, "none" for no replay; default: a complete sprint race),
//   PITWALL_REPLAY_SPEED (1 to 100; default 10), PITWALL_LIVE_PREDICTIONS ("off" stops the in-race
//   predictions the kernel publishes into live races every lap; on by default here), PITWALL_COMMENTARY ("off"
//   stops the live commentary; on by default here: Claude with ANTHROPIC_API_KEY, templates without).
import {randomBytes} from "node:crypto";
import {optionsFromEnv} from "../kernel/kernel.js";
import {startNodeKernel} from "../kernel/node.js";
import {projectRoot, readSettings} from "../sources/settings.js";
import {listCatalog} from "../store/session-catalog.js";

const DEFAULT_REPLAY = "2025-miami-grand-prix-sprint";

async function main(): Promise<void> {
  const token = process.env.PITWALL_KERNEL_TOKEN || randomBytes(16).toString("hex");
  const running = await startNodeKernel({
    ...optionsFromEnv({
      ...process.env,
      PITWALL_LIVE_PREDICTIONS: process.env.PITWALL_LIVE_PREDICTIONS === "off" ? "off" : "on",
      PITWALL_COMMENTARY: process.env.PITWALL_COMMENTARY === "off" ? "off" : "on",
      PITWALL_KERNEL_TOKEN: token,
    }),
    host: "127.0.0.1",
    port: Number(process.env.PORT ?? 3000),
    staticDir: `${projectRoot}/dist`,
  });
  for (const problem of running.kernel.deps.problems) log(`kernel: ${problem}`);
  const replay = await startReplay(running.url, token);
  log("");
  log(`PitWall is running: ${running.url}/`);
  log(`  notebooks        ${running.url}/`);
  log(`  live dashboard   ${running.url}/pages/live/${replay ? `  (replaying ${replay})` : ""}`);
  log(`  kernel API docs  ${running.url}/v1/docs`);
  log(`  control token    ${process.env.PITWALL_KERNEL_TOKEN ? "from PITWALL_KERNEL_TOKEN" : token}`);
  const commentary = running.kernel.deps.commentary?.status();
  log(
    `  commentary       ${commentary ? (commentary.mode === "claude" ? `Claude (${commentary.model})` : `templates: ${commentary.reason}`) : "off"}`,
  );
  log("Press Ctrl+C to stop.");
  const stop = () => void running.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function startReplay(url: string, token: string): Promise<string | null> {
  const wanted = process.env.PITWALL_REPLAY ?? DEFAULT_REPLAY;
  if (wanted === "none") return null;
  const session = (await listCatalog(readSettings())).find((entry) => entry.session_id === wanted);
  if (!session || session.source !== "livetiming") {
    log(
      `replay: no archived session "${wanted}"; set PITWALL_REPLAY to one of \`npx tsx scripts/prepare-data.ts --list\``,
    );
    return null;
  }
  const response = await fetch(`${url}/v1/feeds/replay`, {
    method: "POST",
    headers: {"content-type": "application/json", authorization: `Bearer ${token}`},
    body: JSON.stringify({path: session.path, speed: Number(process.env.PITWALL_REPLAY_SPEED ?? 10)}),
  });
  if (!response.ok) {
    log(`replay: the kernel refused to start ${wanted}: ${response.status} ${await response.text()}`);
    return null;
  }
  return wanted;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().catch((error: Error) => {
  log(`pitwall: ${error.message}`);
  process.exit(1);
});
