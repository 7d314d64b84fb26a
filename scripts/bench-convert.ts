// Benchmark: convert the complete 2025 Mexico City qualifying archive (all 18 topics, CarData.z and Position.z
// included) to the canonical Parquet tables, each run in a fresh process. Prints wall time, rows per second
// and peak memory (medians). Target: ≤ 1.1 s (5x FastF1's 5.5 s decode alone); 3 s at most.
// Run: npx tsx scripts/bench-convert.ts [runs=5]
import {execFileSync} from "node:child_process";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {readSettings} from "../sources/settings.js";
import {describeRuns, median} from "./bench/stats.js";

const SESSION_ID = "2025-mexico-city-grand-prix-qualifying";

interface RunResult {
  wallMs: number;
  /** CPU time of the whole process during the conversion, all threads: steadier than wall time on a busy machine. */
  cpuMs: number;
  rows: number;
  tables: number;
  maxRssMb: number;
}

async function convertOnce(): Promise<RunResult> {
  const {findCatalogSession} = await import("../store/session-catalog.js");
  const {buildSession} = await import("../store/session-set.js");
  const {TableStore} = await import("../store/table-store.js");
  const settings = readSettings();
  const session = await findCatalogSession(settings, SESSION_ID);
  const dir = await mkdtemp(join(tmpdir(), "pitwall-bench-"));
  try {
    const store = new TableStore(dir, "bench");
    const started = performance.now();
    const cpu = process.cpuUsage();
    const manifest = await store.ensure(SESSION_ID, {key: "bench"}, () => buildSession(session, settings));
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const rows = Object.values(manifest.tables).reduce((sum, table) => sum + table.rows, 0);
    return {
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      rows,
      tables: Object.keys(manifest.tables).length,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--child")) {
    process.stdout.write(JSON.stringify(await convertOnce()));
    return;
  }
  const runs = Number(process.argv[2] ?? 5);
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const output = execFileSync(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), "--child"],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    const result = JSON.parse(output) as RunResult;
    results.push(result);
    process.stderr.write(`convert run ${i + 1}/${runs}: ${Math.round(result.wallMs)} ms\n`);
  }
  const rows = results[0]!.rows;
  const wall = median(results.map((r) => r.wallMs));
  console.log(
    `Mexico City 2025 qualifying → Parquet (${results[0]!.tables} tables, ${rows.toLocaleString("en")} rows)`,
  );
  console.log(`  wall time      ${describeRuns(results.map((r) => r.wallMs))}`);
  console.log(`  CPU time       ${describeRuns(results.map((r) => r.cpuMs))} (all threads; 2 cores)`);
  console.log(`  rows/second    ${Math.round(rows / (wall / 1000)).toLocaleString("en")} (at the median)`);
  console.log(
    `  peak memory    ${describeRuns(
      results.map((r) => r.maxRssMb),
      "MB",
    )} RSS, whole process`,
  );
  console.log(
    `  vs FastF1      ${(5500 / wall).toFixed(1)}x faster than FastF1's 5.5 s decode (target ≥ 5x, ≤ 1.1 s)`,
  );
}

await main();
