import {describe, expect, it} from "vitest";
import {
  addDistance,
  computeDelta,
  distanceAtTime,
  timeAtDistance,
  toMiniSectorTimes,
  toTrackPoints,
} from "./telemetry.js";

// A lap sampled like the feed: every 270 ms, at a constant speed.
function sampleLap(startMs: number, durationS: number, speedKph: number, offsetMs = 100) {
  const samples = [];
  for (let t = offsetMs; t < durationS * 1000; t += 270)
    samples.push({date: startMs + t, speed_kph: speedKph});
  return samples;
}

describe("addDistance", () => {
  it("integrates speed from the start of the lap to its end", () => {
    const lap = addDistance(sampleLap(1_000_000, 10, 180), {startMs: 1_000_000, durationS: 10});
    expect(lap[0]).toEqual({time_s: 0, distance_m: 0, distance_coarse_m: 0});
    expect(lap.at(-1)!.time_s).toBe(10);
    expect(lap.at(-1)!.distance_m).toBeCloseTo(500, 6);
    expect(lap.at(-1)!.distance_coarse_m).toBeCloseTo(500, 6);
  });

  it("scales to a given length, skips samples outside the lap or without speed", () => {
    const samples = [
      ...sampleLap(0, 10, 180),
      {date: 20_000, speed_kph: 300},
      {date: 5_050, speed_kph: null},
    ];
    const lap = addDistance(samples, {startMs: 0, durationS: 10, lengthM: 450});
    expect(lap.at(-1)!.distance_m).toBeCloseTo(450, 6);
    expect(lap.length).toBe(Math.ceil((10_000 - 100) / 270) + 2);
    expect(addDistance([], {startMs: 0, durationS: 10})).toEqual([]);
  });
});

describe("computeDelta", () => {
  it("grows linearly from 0 to the lap-time difference, inside its band", () => {
    const reference = addDistance(sampleLap(0, 10, 180), {startMs: 0, durationS: 10});
    const compared = addDistance(sampleLap(0, 11, (500 / 11) * 3.6, 200), {
      startMs: 0,
      durationS: 11,
      lengthM: 500,
    });
    const delta = computeDelta(reference, compared, 50);
    expect(delta.map((point) => point.distance_m)).toEqual([
      0, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500,
    ]);
    expect(delta[0]!.delta_s).toBeCloseTo(0, 9);
    expect(delta[5]!.delta_s).toBeCloseTo(0.5, 9);
    expect(delta.at(-1)!.delta_s).toBeCloseTo(1, 9);
    for (const point of delta) {
      expect(point.delta_low_s).toBeLessThanOrEqual(point.delta_s);
      expect(point.delta_high_s).toBeGreaterThanOrEqual(point.delta_s);
      // At constant speed both integrations agree: the band is the sampling term alone, about 0.27 s·√2/√12.
      expect(point.delta_high_s - point.delta_s).toBeLessThan(0.12);
    }
  });

  it("widens where coarser integration disagrees (speed curving between samples)", () => {
    const accelerating = Array.from({length: 37}, (_, i) => ({
      date: i * 270 + 50,
      speed_kph: 180 + 120 * Math.sin(i / 2),
    }));
    const reference = addDistance(sampleLap(0, 10, 180), {startMs: 0, durationS: 10});
    const compared = addDistance(accelerating, {startMs: 0, durationS: 10, lengthM: 500});
    const widths = computeDelta(reference, compared, 100).map(
      (point) => point.delta_high_s - point.delta_low_s,
    );
    expect(Math.max(...widths)).toBeGreaterThan(0.2);
    expect(computeDelta([], compared)).toEqual([]);
  });
});

describe("mini-sectors and the track map", () => {
  const lap = addDistance(sampleLap(0, 10, 180), {startMs: 0, durationS: 10});

  it("times equal mini-sectors", () => {
    const times = toMiniSectorTimes(lap, 4);
    expect(times).toHaveLength(4);
    for (const time of times) expect(time).toBeCloseTo(2.5, 9);
    expect(timeAtDistance(lap, 250)).toBeCloseTo(5, 9);
    expect(distanceAtTime(lap, 5)).toBeCloseTo(250, 9);
    expect(distanceAtTime(lap, 99)).toBeCloseTo(500, 9);
  });

  it("tags each position with its mini-sector's winner and joins the pieces", () => {
    const positions = Array.from({length: 8}, (_, i) => ({date: i * 1_300, x: i, y: 0}));
    const points = toTrackPoints(positions, {startMs: 0, reference: lap, winners: ["VER", "NOR"]});
    expect(points.map((point) => `${point.x}:${point.faster}`)).toEqual([
      "0:VER",
      "1:VER",
      "2:VER",
      "3:VER",
      "4:VER",
      "4:NOR",
      "5:NOR",
      "6:NOR",
      "7:NOR",
    ]);
    expect(toTrackPoints(positions, {startMs: 0, reference: lap, winners: []})).toEqual([]);
  });
});
