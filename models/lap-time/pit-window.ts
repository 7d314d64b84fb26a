import type {HistoryPitStopRow, RaceRow} from "../../src/sport/history-tables.js";
import {toLapTimeFeatures, type LapTimeCompound} from "./features.js";

// The pit window from the lap-time model: for every lap a driver could stop on, the time to the flag (old
// tyres until the stop, the pit loss, new tyres after), and the laps within a second of the best. Pure: the
// caller runs the model (kernel: ONNX Runtime; notebook: the loader) through `predict`.

/** Predicts lap times for rows of lap-time features relative to references (the ONNX model). */
export type PredictLapTimes = (features: number[][], referenceS: number[]) => Promise<number[]>;

/** A driver's situation now. */
export interface PitSituation {
  compound: LapTimeCompound;
  tyreAge: number;
  /** Laps completed. */
  lap: number;
  totalLaps: number;
  /** Reference pace now (the driver's recent clean laps), seconds. */
  referenceS: number;
  pitLossS: number;
  /** Compound to fit at the stop; defaults to the next harder one. */
  nextCompound?: LapTimeCompound;
}

export interface PitWindow {
  nextCompound: LapTimeCompound;
  /** Best lap to stop on (the stop happens at the end of it). */
  bestLap: number;
  /** First and last lap whose total is within `slackS` of the best. */
  window: [number, number];
  /** Time to the flag for each candidate stop lap, seconds. */
  totals: {lap: number; total_s: number}[];
}

const HARDER: Record<LapTimeCompound, LapTimeCompound> = {
  SOFT: "MEDIUM",
  MEDIUM: "HARD",
  HARD: "MEDIUM",
  INTERMEDIATE: "INTERMEDIATE",
  WET: "WET",
};

/** The pit window of one driver, assuming a single stop and fresh tyres at the pace of the current set when new. */
export async function estimatePitWindow(
  situation: PitSituation,
  predict: PredictLapTimes,
  slackS = 1,
): Promise<PitWindow | null> {
  const {compound, tyreAge, lap, totalLaps, referenceS, pitLossS} = situation;
  const next = situation.nextCompound ?? HARDER[compound];
  if (totalLaps - lap < 3) return null;
  const now = {tyreAge, lapNumber: lap};
  // Pace of the current set as new: the reference with its age taken off (no compound offset is learned).
  const [newPace] = await predict(
    [toLapTimeFeatures({compound, tyreAge: 0, lapNumber: lap, trackStatus: "1"}, now)],
    [referenceS],
  );
  const rows: number[][] = [];
  const references: number[] = [];
  for (let future = lap + 1; future <= totalLaps; future++) {
    rows.push(
      toLapTimeFeatures(
        {compound, tyreAge: tyreAge + future - lap, lapNumber: future, trackStatus: "1"},
        now,
      ),
    );
    references.push(referenceS);
  }
  for (let stop = lap + 1; stop < totalLaps; stop++) {
    for (let future = stop + 1; future <= totalLaps; future++) {
      rows.push(
        toLapTimeFeatures(
          {compound: next, tyreAge: future - stop, lapNumber: future, trackStatus: "1"},
          {tyreAge: 0, lapNumber: lap},
        ),
      );
      references.push(newPace!);
    }
  }
  const times = await predict(rows, references);
  const oldLaps = times.slice(0, totalLaps - lap);
  let offset = oldLaps.length;
  const totals: PitWindow["totals"] = [];
  for (let stop = lap + 1; stop < totalLaps; stop++) {
    const onOld = oldLaps.slice(0, stop - lap).reduce((sum, time) => sum + time, 0);
    const count = totalLaps - stop;
    const onNew = times.slice(offset, offset + count).reduce((sum, time) => sum + time, 0);
    offset += count;
    totals.push({lap: stop, total_s: Math.round((onOld + pitLossS + onNew) * 1000) / 1000});
  }
  const best = totals.reduce((a, b) => (b.total_s < a.total_s ? b : a));
  const near = totals.filter((entry) => entry.total_s <= best.total_s + slackS).map((entry) => entry.lap);
  return {nextCompound: next, bestLap: best.lap, window: [Math.min(...near), Math.max(...near)], totals};
}

/** Where a car would rejoin if it stopped now: 1 + the cars whose gap to the leader is under its own plus the loss. */
export function rejoinPosition(
  gapToLeaderS: number,
  pitLossS: number,
  othersGapS: readonly number[],
): number {
  const after = gapToLeaderS + pitLossS;
  return 1 + othersGapS.filter((gap) => gap < after).length;
}

/** Median pit-lane time at a circuit over its last three seasons of Ergast pit stops; 22 s when unknown. */
export function pitLossAt(
  circuitRef: string,
  history: {races: readonly RaceRow[]; pit_stops: readonly HistoryPitStopRow[]},
): number {
  const rounds = new Set(
    history.races
      .filter((race) => race.circuit_ref === circuitRef)
      .map((race) => `${race.year}/${race.round}`),
  );
  const stops = history.pit_stops.filter(
    (stop) => rounds.has(`${stop.year}/${stop.round}`) && stop.duration_s != null,
  );
  const years = [...new Set(stops.map((stop) => stop.year))].sort((a, b) => b - a).slice(0, 3);
  // Red-flag stops (a minute or more in the pit lane) are not pit stops in the strategic sense.
  const durations = stops
    .filter((stop) => years.includes(stop.year) && stop.duration_s! < 60)
    .map((stop) => stop.duration_s!)
    .sort((a, b) => a - b);
  return durations.length ? durations[Math.floor(durations.length / 2)]! : 22;
}
