import type {
  LiveDriver,
  LiveLap,
  LiveSector,
  LiveTyre,
  SegmentColour,
} from "../../src/sport/kernel-messages.js";
import {parseTimingGap} from "../../sources/livetiming/gaps.js";
import {asObject, listItems} from "../../sources/livetiming/index.js";
import {flag, integer, seconds, text} from "../../sources/livetiming/values.js";

type Raw = Record<string, unknown> | undefined;

/** Mini-sector status codes of TimingData's Segments. */
const SEGMENT_COLOURS: Record<number, SegmentColour> = {
  0: null,
  2048: "yellow",
  2049: "green",
  2051: "purple",
  2052: "other",
  2064: "pit",
};

/** The topic states a car's timing line is built from, by car number. */
export interface DriverSources {
  timingData: Raw;
  timingApp: Raw;
  driverList: Raw;
}

/** Builds one car's line of the timing tower from TimingData, TimingAppData and DriverList. */
export function deriveDriver(
  driverNumber: number,
  {timingData, timingApp, driverList}: DriverSources,
): LiveDriver {
  const line = timingData ?? {};
  // Qualifying keeps gaps per part in Stats (one entry per Q1/Q2/Q3; the feed spells it "TimeDifftoPositionAhead");
  // the latest part with a gap is the current one.
  const partStats = listItems<Record<string, unknown>>(line.Stats)
    .filter((stats) => text(stats.TimeDiffToFastest) != null)
    .at(-1);
  const gapText =
    text(line.GapToLeader) ?? text(line.TimeDiffToFastest) ?? text(partStats?.TimeDiffToFastest);
  const intervalText =
    text(asObject(line.IntervalToPositionAhead)?.Value) ??
    text(line.TimeDiffToPositionAhead) ??
    text(partStats?.TimeDifftoPositionAhead) ??
    text(partStats?.TimeDiffToPositionAhead);
  const best = asObject(line.BestLapTime);
  const stints = listItems<Record<string, unknown>>(timingApp?.Stints);
  return {
    driverNumber,
    tla: text(driverList?.Tla),
    broadcastName: text(driverList?.BroadcastName),
    teamName: text(driverList?.TeamName),
    teamColour: text(driverList?.TeamColour)?.toUpperCase() ?? null,
    position: integer(line.Position),
    gapToLeader: gapText,
    gapToLeaderS: parseTimingGap(gapText).seconds,
    interval: intervalText,
    intervalS: parseTimingGap(intervalText).seconds,
    lapsCompleted: integer(line.NumberOfLaps),
    lastLap: toLap(asObject(line.LastLapTime)),
    bestLap: {
      time: text(best?.Value),
      seconds: seconds(best?.Value),
      lap: integer(best?.Lap),
      personalBest: text(best?.Value) != null,
      // Set across the field in deriveOverallBest.
      overallBest: false,
    },
    sectors: [0, 1, 2].map((index) => toSector(listAt(line.Sectors, index))),
    tyre: toTyre(stints.at(-1)),
    stint: stints.length > 0 ? stints.length : null,
    pitStops: integer(line.NumberOfPitStops),
    inPit: flag(line.InPit) ?? false,
    pitOut: flag(line.PitOut) ?? false,
    retired: flag(line.Retired) ?? false,
    stopped: flag(line.Stopped) ?? false,
    knockedOut: flag(line.KnockedOut) ?? false,
  };
}

/** Marks the best lap of the field (the lowest best lap) as the overall best; returns drivers whose flag changed. */
export function deriveOverallBest(drivers: Record<string, LiveDriver>): Record<string, LiveDriver> {
  let fastest = Infinity;
  for (const driver of Object.values(drivers)) {
    if (driver.bestLap.seconds != null && driver.bestLap.seconds < fastest) fastest = driver.bestLap.seconds;
  }
  const next: Record<string, LiveDriver> = {};
  for (const [key, driver] of Object.entries(drivers)) {
    const overallBest = driver.bestLap.seconds != null && driver.bestLap.seconds === fastest;
    next[key] =
      overallBest === driver.bestLap.overallBest
        ? driver
        : {...driver, bestLap: {...driver.bestLap, overallBest}};
  }
  return next;
}

function toLap(value: Raw): LiveLap {
  return {
    time: text(value?.Value),
    seconds: seconds(value?.Value),
    personalBest: flag(value?.PersonalFastest) ?? false,
    overallBest: flag(value?.OverallFastest) ?? false,
  };
}

function toSector(value: Raw): LiveSector {
  return {
    ...toLap(value),
    segments: listItems<Record<string, unknown>>(value?.Segments).map(
      (segment) => SEGMENT_COLOURS[integer(segment.Status) ?? 0] ?? "other",
    ),
  };
}

function toTyre(stint: Raw): LiveTyre | null {
  if (!stint) return null;
  const compound = text(stint.Compound);
  return {
    compound: compound === "UNKNOWN" ? null : compound,
    isNew: flag(stint.New),
    ageLaps: integer(stint.TotalLaps),
  };
}

/** Element `index` of a feed list, which arrives as an array or as an object keyed "0", "1", .... */
function listAt(list: unknown, index: number): Raw {
  if (list === null || typeof list !== "object") return undefined;
  return asObject((list as Record<string, unknown>)[index]);
}
