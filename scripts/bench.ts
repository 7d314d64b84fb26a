// npm run bench: runs every benchmark in turn; each prints its own figures. The machine is shared and
// noisy, so every benchmark reports medians. Pass names to run some: npm run bench -- convert build
import {spawnSync} from "node:child_process";
import {join} from "node:path";
import {projectRoot} from "../sources/settings.js";

const benchmarks: Record<string, string> = {
  convert: "scripts/bench-convert.ts",
  decode: "sources/livetiming/bench-decode.ts",
  "ergast-csv": "sources/ergast-csv/bench-read.ts",
  openf1: "scripts/bench-openf1.ts",
  build: "scripts/bench-build.ts",
  kernel: "scripts/bench-kernel.ts",
  scale: "scripts/bench-scale.ts",
  models: "scripts/bench-models.ts",
  notebooks: "scripts/bench-notebooks.ts",
  commentary: "scripts/bench-commentary.ts",
};

const chosen = process.argv.slice(2);
for (const [name, script] of Object.entries(benchmarks)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  console.log(`\n## ${name} (${script})`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot, script)], {
    cwd: projectRoot,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) {
    console.log(`${name}: failed with exit code ${result.status}`);
    process.exitCode = 1;
  }
}
