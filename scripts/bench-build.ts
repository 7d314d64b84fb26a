// Benchmark: `observable build` of the whole site from cached loader output (Framework's data cache warm),
// median of several runs. Run: npx tsx scripts/bench-build.ts [runs=3]
import {execFileSync} from "node:child_process";
import {existsSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {projectRoot} from "../sources/settings.js";
import {describeRuns} from "./bench/stats.js";

const runs = Number(process.argv[2] ?? 3);
const env = {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"};
const observable = join(projectRoot, "node_modules/.bin/observable");

function build(): number {
  const started = performance.now();
  execFileSync(observable, ["build"], {cwd: projectRoot, env, stdio: "ignore"});
  return performance.now() - started;
}

execFileSync("npm", ["run", "--silent", "npm-cache"], {cwd: projectRoot, env, stdio: "ignore"});
const dataCache = join(projectRoot, "src/.observablehq/cache/data");
if (!existsSync(dataCache)) {
  process.stderr.write("warming Framework's data cache with a first build...\n");
  build();
}
const timings: number[] = [];
for (let i = 0; i < runs; i++) {
  timings.push(build());
  process.stderr.write(`build run ${i + 1}/${runs}: ${Math.round(timings.at(-1)!)} ms\n`);
}
const pages = readdirSync(join(projectRoot, "dist/pages/session")).filter((name) =>
  name.endsWith(".html"),
).length;
console.log(`observable build, warm loader cache (${pages} session pages + home)`);
console.log(`  wall time      ${describeRuns(timings)}`);
