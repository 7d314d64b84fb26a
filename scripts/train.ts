// npm run train: trains the three models from ../shared/data and writes model.onnx, features.json and
// MODEL_CARD.md into models/<name>/. Progress on stderr.
//   --only=pre-race,in-race,lap-time   train some models (in-race needs pre-race, which is then trained too)
//   --check                            write nothing; exit 1 when a fresh model.onnx differs from the committed one
import {readdir, readFile, utimes} from "node:fs/promises";
import {join} from "node:path";
import {parseArgs} from "node:util";
import {joinLapCharts, toRaceLapsFromSession, type RaceLaps} from "../models/in-race/races.js";
import {trainInRace} from "../models/in-race/train.js";
import {toLapTimeRows} from "../models/lap-time/features.js";
import {trainLapTime} from "../models/lap-time/train.js";
import {entryKey, trainPreRace} from "../models/pre-race/train.js";
import {modelsRoot, sha256, writeModelArtefacts, type ModelArtefacts} from "../models/shared/artefacts.js";
import {progress} from "../models/shared/report.js";
import {readTrainingData, type TrainingData} from "../models/shared/training-data.js";

const MODELS = ["pre-race", "in-race", "lap-time"] as const;
type ModelName = (typeof MODELS)[number];

async function main(): Promise<void> {
  const {values} = parseArgs({options: {only: {type: "string"}, check: {type: "boolean", default: false}}});
  const wanted = (values.only?.split(",") ?? MODELS) as ModelName[];
  const unknown = wanted.filter((name) => !MODELS.includes(name));
  if (unknown.length)
    throw new Error(`unknown model ${unknown.join(", ")}: choose from ${MODELS.join(", ")}`);
  const started = performance.now();
  const data = await readTrainingData(progress("data"));
  const results: [ModelName, ModelArtefacts][] = [];

  if (wanted.includes("pre-race") || wanted.includes("in-race")) {
    const preRace = await trainPreRace(data.history, undefined, progress("pre-race"));
    if (wanted.includes("pre-race")) results.push(["pre-race", preRace.artefacts]);
    if (wanted.includes("in-race")) {
      const races = inRaceRaces(data, (year, round, ref) =>
        preRace.outOfSample.get(entryKey(year, round, ref)),
      );
      results.push(["in-race", (await trainInRace(races, undefined, progress("in-race"))).artefacts]);
    }
  }
  if (wanted.includes("lap-time")) {
    const log = progress("lap-time");
    const sessions = data.sessions.filter(({session}) => session.year >= 2019);
    const rows = sessions.flatMap(({session, tables}) =>
      toLapTimeRows(session.session_id, session.year, tables.laps, tables.track_status),
    );
    const used = sessions.filter(({session}) => rows.some((row) => row.session === session.session_id));
    const training = await trainLapTime(
      rows,
      used.map(({session}) => session.session_id),
      undefined,
      log,
    );
    results.push(["lap-time", training.artefacts]);
  }

  let differ = 0;
  for (const [name, artefacts] of results) {
    const folder = join(modelsRoot, name);
    if (values.check) {
      const committed = await readFile(join(folder, "model.onnx")).catch(() => null);
      const same = committed != null && sha256(committed) === sha256(artefacts.onnx);
      process.stderr.write(
        `train ${name}: ${same ? "identical to" : "DIFFERS from"} the committed model.onnx\n`,
      );
      if (!same) differ++;
    } else {
      const contract = await writeModelArtefacts(folder, artefacts);
      process.stderr.write(`train ${name}: wrote ${folder} (sha256 ${contract.sha256.slice(0, 12)})\n`);
    }
  }
  if (!values.check) await touchLoaders();
  process.stderr.write(`train: done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  if (differ > 0) process.exit(1);
}

/** Lap-chart races, plus archive races with a running order lap by lap (their lap charts do not exist). */
function inRaceRaces(
  data: TrainingData,
  preRaceWin: (year: number, round: number, driverRef: string) => number | undefined,
): RaceLaps[] {
  const {races, problems} = joinLapCharts(data.lapCharts, data.history, preRaceWin);
  for (const problem of problems) progress("in-race")(`${problem.source}: ${problem.message}`);
  for (const {session, tables} of data.sessions) {
    if (session.session_type !== "Race" || tables.laps.filter((lap) => lap.position != null).length < 100)
      continue;
    const race = data.history.races.find(
      (candidate) => candidate.year === session.year && candidate.race_name === session.meeting_name,
    );
    if (!race) continue;
    const sprint = /sprint/i.test(session.session_name);
    const results = (sprint ? data.history.sprint_results : data.history.results).filter(
      (row) => row.year === race.year && row.round === race.round,
    );
    const laps = toRaceLapsFromSession(tables.laps, results, {
      year: race.year,
      round: race.round,
      race_name: `${race.race_name}${sprint ? " (sprint)" : ""}`,
    });
    if (laps && !races.some((known) => known.year === laps.year && known.round === laps.round))
      races.push(laps);
  }
  return races.sort((a, b) => a.year - b.year || a.round - b.round);
}

/**
 * Framework reuses a loader's cached output until the loader file itself changes, not the modules it imports;
 * new models must reach the notebooks, so their loaders are marked changed.
 */
async function touchLoaders(): Promise<void> {
  const folder = join(modelsRoot, "..", "src", "data", "models");
  const now = new Date();
  for (const name of await readdir(folder))
    if (name.endsWith(".ts")) await utimes(join(folder, name), now, now);
}

main().catch((error: unknown) => {
  process.stderr.write(`train: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
