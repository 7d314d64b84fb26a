// Prints how long reading the whole Ergast CSV dump into history tables takes (median of several runs).
// Run: npx tsx sources/ergast-csv/bench-read.ts [folder]
import {stat} from "node:fs/promises";
import {join} from "node:path";
import {ergastCsvFileNames, getErgastCsvFolder, readErgastCsv} from "./read-ergast-csv.js";

const folder = process.argv[2] ?? getErgastCsvFolder();
const runs = 9;
const times: number[] = [];
let rows = 0;
for (let run = 0; run < runs; run++) {
  const start = performance.now();
  const {tables} = await readErgastCsv(folder);
  times.push(performance.now() - start);
  rows = Object.values(tables).reduce((sum, table) => sum + table.length, 0);
}
times.sort((a, b) => a - b);
const sizes = await Promise.all(ergastCsvFileNames.map((file) => stat(join(folder, file))));
const megabytes = sizes.reduce((sum, size) => sum + size.size, 0) / 1e6;
const median = times[Math.floor(runs / 2)] ?? NaN;
console.log(
  `ergast-csv: ${rows} rows from ${folder} (${ergastCsvFileNames.length} files, ${megabytes.toFixed(1)} MB): ` +
    `median ${median.toFixed(0)} ms, min ${times[0]?.toFixed(0)} ms, max ${times.at(-1)?.toFixed(0)} ms over ${runs} runs`,
);
