// Benchmark: decode the complete 2025 Mexico City qualifying archive (all 18 topics) into canonical tables.
// Run: npx tsx sources/livetiming/bench-decode.ts [runs=7] [archive folder]
// Prints medians of `runs` decodes in fresh processes (cold: what one conversion pays, JIT warm-up included)
// and in one process (warm), with telemetry as typed columns (the Parquet path) and as row objects; then
// rows per table and peak RSS. The machine is shared: compare medians, not single runs.
import {execFileSync} from "node:child_process";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {readSettings} from "../settings.js";
import {createFolderReader} from "./archive-reader.js";
import {readSessionTables, type ReadSessionOptions, type SessionRead} from "./session-reader.js";

const SESSION = "2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/";

interface Timing {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

async function decodeOnce(
  archive: string,
  options: ReadSessionOptions,
): Promise<{timing: Timing; read: SessionRead}> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const read = await readSessionTables(createFolderReader(archive), SESSION, options);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  return {timing: {wallMs, cpuMs: (used.user + used.system) / 1000, peakRssMb}, read};
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function report(label: string, timings: Timing[]): void {
  const wall = timings.map((t) => t.wallMs);
  console.log(
    `${label.padEnd(30)} median ${median(wall).toFixed(0)} ms wall, ${median(timings.map((t) => t.cpuMs)).toFixed(0)} ms CPU` +
      ` (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)}; ${timings.length} runs)` +
      `, peak RSS ${median(timings.map((t) => t.peakRssMb)).toFixed(0)} MB`,
  );
}

function coldRun(archive: string, telemetry: string): Timing {
  const output = execFileSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), "--child", telemetry, archive],
    {encoding: "utf8", stdio: ["ignore", "pipe", "inherit"]},
  );
  return JSON.parse(output) as Timing;
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") {
    const {timing} = await decodeOnce(process.argv[4]!, {telemetry: process.argv[3] as "rows" | "columns"});
    process.stdout.write(JSON.stringify(timing));
    return;
  }
  const runs = Number(process.argv[2] ?? 7);
  const archive = process.argv[3] ?? join(readSettings().mirror ?? "../shared/data", "livetiming");
  console.log(`Decoding ${SESSION} from ${archive}`);

  for (const telemetry of ["columns", "rows"] as const) {
    const timings: Timing[] = [];
    for (let i = 0; i < runs; i++) {
      timings.push(coldRun(archive, telemetry));
      process.stderr.write(
        `cold ${telemetry} run ${i + 1}/${runs}: ${timings.at(-1)!.wallMs.toFixed(0)} ms\n`,
      );
    }
    report(`cold, telemetry as ${telemetry}`, timings);
  }

  let last: SessionRead | null = null;
  for (const telemetry of ["columns", "rows"] as const) {
    await decodeOnce(archive, {telemetry}); // warm-up, not counted
    const timings: Timing[] = [];
    for (let i = 0; i < runs; i++) {
      const {timing, read} = await decodeOnce(archive, {telemetry});
      timings.push(timing);
      last = read;
    }
    report(`warm, telemetry as ${telemetry}`, timings);
  }

  console.log("\nrows per table:");
  for (const [table, list] of Object.entries(last!.tables))
    console.log(`  ${table.padEnd(15)} ${String(list.length).padStart(8)}`);
  console.log(`absent: ${JSON.stringify(last!.absent)}`);
  console.log(`problems: ${last!.problems.length}, fatal: ${last!.fatal}`);
}

await main();
