// Prints how long reading the whole Ergast CSV dump into history tables takes (median of several runs), and
// the ratio to a baseline that only reads the same files and splits them into lines and fields, so the figure
// means something on a busy machine. Run: npx tsx sources/ergast-csv/bench-read.ts [folder]
import {readFile, stat} from "node:fs/promises";
import {join} from "node:path";
import {ergastCsvFileNames, getErgastCsvFolder, readErgastCsv} from "./read-ergast-csv.js";

const folder = process.argv[2] ?? getErgastCsvFolder();
const runs = 9;

async function medianMs(task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

async function splitOnly(): Promise<number> {
  let fields = 0;
  for (const file of ergastCsvFileNames) {
    const text = await readFile(join(folder, file), "utf8");
    for (const line of text.split("\n")) fields += line.split(",").length;
  }
  return fields;
}

let rows = 0;
const readMs = await medianMs(async () => {
  const {tables} = await readErgastCsv(folder);
  rows = Object.values(tables).reduce((sum, table) => sum + table.length, 0);
});
const baselineMs = await medianMs(splitOnly);
const sizes = await Promise.all(ergastCsvFileNames.map((file) => stat(join(folder, file))));
const megabytes = sizes.reduce((sum, size) => sum + size.size, 0) / 1e6;
console.log(
  `ergast-csv: ${rows} rows from ${ergastCsvFileNames.length} files (${megabytes.toFixed(1)} MB) in ${folder}: ` +
    `median ${readMs.toFixed(0)} ms over ${runs} runs; ${(readMs / baselineMs).toFixed(1)}x the ` +
    `${baselineMs.toFixed(0)} ms it takes just to read and split the same files`,
);
