// Benchmark of the OpenF1 source: building session 9606's tables from the fake OpenF1 (cold, 11 requests),
// from the on-disk cache (warm), and offline from the mirror; plus the mapping alone. Prints medians.
// Run: npx tsx scripts/bench-openf1.ts
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {createHttp} from "../sources/http/index.js";
import {createOpenF1Client, getSessionTables, toLapRows} from "../sources/openf1/index.js";
import {readRecorded, sharedDataDir} from "../test/fakes/openf1-harness.js";
import {startFakeOpenF1} from "../test/fakes/openf1-server.js";
import type {OpenF1Lap} from "../sources/openf1/index.js";

const RUNS = 7;
const quiet = () => {};

async function median(run: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const fake = await startFakeOpenF1({rateLimit: null});
const cacheDirs: string[] = [];
try {
  const cold = await median(async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "pitwall-bench-"));
    cacheDirs.push(cacheDir);
    const http = await createHttp({mirror: null, cacheDir, log: quiet});
    await getSessionTables(createOpenF1Client(http, {baseUrl: fake.baseUrl, log: quiet}), 9606, {log: quiet});
  });
  const warmDir = cacheDirs[0]!;
  const warm = await median(async () => {
    const http = await createHttp({mirror: null, cacheDir: warmDir, log: quiet});
    await getSessionTables(createOpenF1Client(http, {baseUrl: fake.baseUrl, log: quiet}), 9606, {log: quiet});
  });
  const mirror = await median(async () => {
    const http = await createHttp({mirror: sharedDataDir});
    await getSessionTables(createOpenF1Client(http, {log: quiet}), 9606, {log: quiet});
  });
  const laps = readRecorded<OpenF1Lap>("laps");
  const mapping = await median(async () => {
    for (let i = 0; i < 100; i++) toLapRows(laps, {sessionKey: 9606, source: "bench", problems: []});
  });
  const lapsPerSecond = (laps.length * 100) / (mapping / 1000);
  process.stdout.write(
    [
      `openf1 session 9606, median of ${RUNS} runs:`,
      `  cold build from the fake (11 requests): ${cold.toFixed(0)} ms`,
      `  warm build from the disk cache:         ${warm.toFixed(0)} ms (${(cold / warm).toFixed(1)}x faster)`,
      `  offline build from the mirror:          ${mirror.toFixed(0)} ms`,
      `  toLapRows: ${(lapsPerSecond / 1e6).toFixed(2)} M laps/s`,
      "",
    ].join("\n"),
  );
} finally {
  await fake.close();
  await Promise.all(cacheDirs.map((dir) => rm(dir, {recursive: true, force: true})));
}
