// Benchmark: decode the complete 2025 Mexico City qualifying archive (all 18 topics) into canonical tables.
// Run: npx tsx sources/livetiming/bench-decode.ts [runs=7] [archive folder]
// Prints the median wall and CPU time of `runs` decodes (telemetry as typed columns, the Parquet path, and as
// row objects), rows per table, and peak RSS. The machine is shared: compare medians, not single runs.
import {join} from "node:path";
import {readSettings} from "../settings.js";
import {createFolderReader} from "./archive-reader.js";
import {readSessionTables, type ReadSessionOptions, type SessionRead} from "./session-reader.js";

const SESSION = "2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/";
const runs = Number(process.argv[2] ?? 7);
const archive = process.argv[3] ?? join(readSettings().mirror ?? "../shared/data", "livetiming");
const reader = createFolderReader(archive);

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function time(options: ReadSessionOptions): Promise<{timing: Timing; read: SessionRead}> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const read = await readSessionTables(reader, SESSION, options);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return {timing: {wallMs, cpuMs: (used.user + used.system) / 1000}, read};
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function bench(label: string, options: ReadSessionOptions): Promise<SessionRead> {
  const timings: Timing[] = [];
  let last: SessionRead | null = null;
  for (let i = 0; i < runs; i++) {
    const {timing, read} = await time(options);
    timings.push(timing);
    last = read;
    process.stderr.write(`${label} run ${i + 1}/${runs}: ${timing.wallMs.toFixed(0)} ms\n`);
  }
  const wall = timings.map((t) => t.wallMs);
  console.log(
    `${label.padEnd(22)} median ${median(wall).toFixed(0)} ms wall, ${median(timings.map((t) => t.cpuMs)).toFixed(0)} ms CPU` +
      ` (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)}; ${runs} runs)`,
  );
  return last!;
}

console.log(`Decoding ${SESSION} from ${archive}`);
await time({telemetry: "columns"}); // warm-up: module loading and JIT, not counted
const peakRssMb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);
const columnar = await bench("telemetry as columns", {telemetry: "columns"});
const columnsPeak = peakRssMb();
const rows = await bench("telemetry as rows", {telemetry: "rows"});

console.log("\nrows per table:");
for (const [table, list] of Object.entries(rows.tables)) {
  const columns = columnar.columns[table as "car_data" | "car_positions"];
  console.log(
    `  ${table.padEnd(15)} ${String(list.length).padStart(8)}${columns ? `  (columns: ${columns.length})` : ""}`,
  );
}
console.log(`absent: ${JSON.stringify(rows.absent)}`);
console.log(`problems: ${rows.problems.length}, fatal: ${rows.fatal}`);
console.log(`peak RSS: ${columnsPeak} MB after the columns runs, ${peakRssMb()} MB after the rows runs`);
