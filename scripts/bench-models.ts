// Model inference in the kernel (ONNX Runtime on Node, one thread): one in-race prediction for a full grid
// (p50, p99 latency, including building the features), and batch throughput in driver-rows per second.
// Also the pre-race model for one race. Medians and percentiles over many runs: the machine is shared.
import type {RunningOrder} from "../models/in-race/features.js";
import {Predictor} from "../kernel/predict/predictor.js";

const GRID = [1, 4, 81, 16, 44, 63, 12, 14, 18, 22, 23, 27, 30, 31, 5, 6, 7, 10, 55, 87];

function state(lap: number): RunningOrder {
  const order = [...GRID.slice(lap % 5), ...GRID.slice(0, lap % 5)];
  return {
    lap,
    totalLaps: 57,
    order,
    grid: new Map(GRID.map((car, index) => [car, index + 1])),
    preRaceWin: new Map(GRID.map((car, index) => [car, 0.5 / (index + 1)])),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeRuns(runs: number, body: (run: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await body(run);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const predictor = await Predictor.load();
for (let warm = 0; warm < 200; warm++) await predictor.inRace(state(warm));

const single = await timeRuns(5_000, (run) => predictor.inRace(state(run % 57)));
console.log(
  `in-race, one full-grid prediction (20 cars): p50 ${percentile(single, 50).toFixed(3)} ms, ` +
    `p99 ${percentile(single, 99).toFixed(3)} ms (5,000 runs; target p50 < 1 ms)`,
);

for (const laps of [57, 1_000]) {
  const states = Array.from({length: laps}, (_, lap) => state(lap % 57));
  const batch = await timeRuns(30, () => predictor.inRaceBatch(states));
  const rows = laps * GRID.length;
  const median = percentile(batch, 50);
  console.log(
    `in-race batch of ${laps} race-laps (${rows.toLocaleString("en")} rows): median ${median.toFixed(2)} ms, ` +
      `${Math.round(rows / (median / 1000)).toLocaleString("en")} rows/s`,
  );
}

const preRaceRow = [Math.log(3), 0, 0.2, 0, 0.1, 0.3, 0.6, 0.2, 0.4, 0.5, 0, 0.05, 0.1, 0.5, 0.7, 0.8];
const features = GRID.map((_, index) =>
  preRaceRow.map((value, column) => (column === 0 ? Math.log(index + 1) : value)),
);
const preRace = await timeRuns(2_000, () => predictor.preRace(features));
console.log(
  `pre-race, one race (20 starters): p50 ${percentile(preRace, 50).toFixed(3)} ms, p99 ${percentile(preRace, 99).toFixed(3)} ms`,
);
await predictor.close();
