// Test reference: what TimingData.jsonStream says about laps, read with a deliberately simple scan of the raw
// lines (JSON.parse per line, no state merging, no lap assembly), so tests compare two independent readings.
import {readFileSync} from "node:fs";

export interface RawCarTiming {
  /** Highest NumberOfLaps sent. */
  lapCount: number;
  /** After the last NumberOfLaps increment the car timed a new lap's sectors and then crossed the line: a lap the counter never took. */
  trailingLap: boolean;
  sectorsSinceCount: boolean;
  /** Every non-empty LastLapTime sent, in order, except echoes in messages whose NumberOfLaps went back. */
  lapTimes: string[];
  /** Every non-empty sector Value sent, per sector. */
  sectors: [string[], string[], string[]];
  /** Last Position sent. */
  position: string | null;
  /** Last NumberOfLaps sent. */
  finalLapCount: number | null;
  /** How many sector 1 and 2 values had been sent when the car last ended a lap (later ones: an unfinished lap). */
  finishedSectors: [number, number];
}

/** Scans a TimingData.jsonStream file line by line. */
export function scanTimingData(file: string): Map<number, RawCarTiming> {
  const cars = new Map<number, RawCarTiming>();
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  for (const line of text.split("\n")) {
    if (line.trim().length <= 12) continue;
    let message: {Lines?: Record<string, Record<string, unknown>>};
    try {
      message = JSON.parse(line.slice(12));
    } catch {
      continue;
    }
    for (const [key, change] of Object.entries(message.Lines ?? {})) {
      const car = Number(key);
      let raw = cars.get(car);
      if (!raw) {
        raw = {
          lapCount: 0,
          trailingLap: false,
          sectorsSinceCount: false,
          lapTimes: [],
          sectors: [[], [], []],
          position: null,
          finalLapCount: null,
          finishedSectors: [0, 0],
        };
        cars.set(car, raw);
      }
      const laps = typeof change.NumberOfLaps === "number" ? change.NumberOfLaps : null;
      const increment = laps !== null && laps > raw.lapCount;
      if (laps !== null) raw.finalLapCount = laps;
      if (increment) {
        raw.lapCount = laps;
        raw.trailingLap = false;
        raw.sectorsSinceCount = false;
      }
      const lapTime = (change.LastLapTime as {Value?: unknown} | undefined)?.Value;
      const sectors = change.Sectors as Record<string, {Value?: unknown}> | undefined;
      if (typeof lapTime === "string" && lapTime !== "" && (laps === null || increment)) {
        if (!increment && lapTime === raw.lapTimes.at(-2)) {
          // The previous lap's time sent again takes back the lap time sent after it; the message only repeats.
          raw.lapTimes.pop();
          continue;
        }
        raw.lapTimes.push(lapTime);
      }
      for (const k of [0, 1, 2]) {
        const value = sectors?.[k]?.Value;
        if (typeof value === "string" && value !== "") raw.sectors[k]!.push(value);
        if (typeof value === "string" && value !== "" && k < 2 && !increment) raw.sectorsSinceCount = true;
      }
      const timedLine =
        (typeof lapTime === "string" && lapTime !== "") ||
        (typeof sectors?.[2]?.Value === "string" && sectors[2].Value !== "");
      if (!increment && raw.sectorsSinceCount && timedLine) raw.trailingLap = true;
      const endsLap =
        increment ||
        (typeof lapTime === "string" && lapTime !== "") ||
        (typeof sectors?.[2]?.Value === "string" && sectors[2].Value !== "");
      if (endsLap) raw.finishedSectors = [raw.sectors[0].length, raw.sectors[1].length];
      if (typeof change.Position === "string" && change.Position !== "") raw.position = change.Position;
    }
  }
  for (const raw of cars.values()) {
    raw.sectors[0].length = raw.finishedSectors[0];
    raw.sectors[1].length = raw.finishedSectors[1];
  }
  return cars;
}

/** Drops consecutive repeats: the feed sends only changes, so two equal laps in a row show once. */
export function withoutRepeats<T>(values: readonly T[]): T[] {
  return values.filter((value, i) => i === 0 || value !== values[i - 1]);
}
