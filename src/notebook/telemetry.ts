// Telemetry along a lap. The feed sends car data about 3.7 times a second, so distance is integrated from
// speed between samples and every figure derived from it (delta time, mini-sector times) carries an
// uncertainty: these functions compute it rather than hide it.

/** A car-data sample of one lap (date in epoch ms). */
export interface LapSample {
  date: number;
  speed_kph: number | null;
}

/** A sample placed along the lap: seconds since the lap began and metres covered. */
export interface PlacedSample {
  time_s: number;
  distance_m: number;
  /**
   * The same distance integrated with every other sample only, to gauge the integration error: the trapezoid
   * rule's error shrinks with the square of the step, so the fine result's error is about a third of the
   * difference between the two (Richardson's estimate).
   */
  distance_coarse_m: number;
}

/**
 * Places a lap's samples along it: distance by the trapezoid rule from speed, starting at 0 m when the lap
 * starts and ending at the lap's end time (the last sample's speed carries to the line). Both integrations
 * are scaled to `lengthM` when given (e.g. the reference lap's length), so two laps are compared over the
 * same track. Samples without speed are skipped.
 */
export function addDistance(
  samples: readonly LapSample[],
  {startMs, durationS, lengthM}: {startMs: number; durationS: number; lengthM?: number},
): PlacedSample[] {
  const timed = samples
    .filter(
      (sample) =>
        sample.speed_kph != null && sample.date >= startMs && sample.date <= startMs + durationS * 1000,
    )
    .sort((a, b) => a.date - b.date);
  if (timed.length === 0) return [];
  const points = [
    {time_s: 0, speed: timed[0]!.speed_kph! / 3.6},
    ...timed.map((sample) => ({time_s: (sample.date - startMs) / 1000, speed: sample.speed_kph! / 3.6})),
    {time_s: durationS, speed: timed.at(-1)!.speed_kph! / 3.6},
  ];
  const fine = integrate(points, 1);
  const coarse = integrate(points, 2);
  const scale = lengthM == null ? 1 : lengthM / fine.at(-1)!;
  const scaleCoarse = lengthM == null ? 1 : lengthM / coarse.at(-1)!;
  return points.map((point, i) => ({
    time_s: point.time_s,
    distance_m: fine[i]! * scale,
    distance_coarse_m: coarse[i]! * scaleCoarse,
  }));
}

/** Trapezoid-rule distance at every point, using every `stride`-th point (others interpolated in time). */
function integrate(points: readonly {time_s: number; speed: number}[], stride: number): number[] {
  const distances = new Array<number>(points.length).fill(0);
  const nodes: number[] = [];
  for (let i = 0; i < points.length; i += stride) nodes.push(i);
  if (nodes.at(-1) !== points.length - 1) nodes.push(points.length - 1);
  for (let k = 1; k < nodes.length; k++) {
    const [a, b] = [points[nodes[k - 1]!]!, points[nodes[k]!]!];
    distances[nodes[k]!] = distances[nodes[k - 1]!]! + ((a.speed + b.speed) / 2) * (b.time_s - a.time_s);
    for (let i = nodes[k - 1]! + 1; i < nodes[k]!; i++) {
      const share = (points[i]!.time_s - a.time_s) / (b.time_s - a.time_s || 1);
      distances[i] = distances[nodes[k - 1]!]! + share * (distances[nodes[k]!]! - distances[nodes[k - 1]!]!);
    }
  }
  return distances;
}

/** Time (s) at a distance along a placed lap, by linear interpolation; `coarse` uses the coarse integration. */
export function timeAtDistance(lap: readonly PlacedSample[], distanceM: number, coarse = false): number {
  const at = (point: PlacedSample) => (coarse ? point.distance_coarse_m : point.distance_m);
  let high = lap.findIndex((point) => at(point) >= distanceM);
  if (high === -1) return lap.at(-1)!.time_s;
  if (high === 0) high = 1;
  const [a, b] = [lap[high - 1]!, lap[high]!];
  const span = at(b) - at(a);
  return span <= 0 ? b.time_s : a.time_s + ((distanceM - at(a)) / span) * (b.time_s - a.time_s);
}

/** Distance (m) covered at a time (s since the lap began) on a placed lap, by linear interpolation. */
export function distanceAtTime(lap: readonly PlacedSample[], timeS: number): number {
  const high = lap.findIndex((point) => point.time_s >= timeS);
  if (high === 0) return lap[0]!.distance_m;
  if (high === -1) return lap.at(-1)?.distance_m ?? 0;
  const [a, b] = [lap[high - 1]!, lap[high]!];
  return a.distance_m + ((timeS - a.time_s) / (b.time_s - a.time_s)) * (b.distance_m - a.distance_m);
}

/** Seconds between the samples around a distance: how finely the lap was observed there. */
function sampleGapAt(lap: readonly PlacedSample[], distanceM: number): number {
  const high = Math.max(
    1,
    lap.findIndex((point) => point.distance_m >= distanceM),
  );
  const b = lap[high] ?? lap.at(-1)!;
  return b.time_s - lap[high - 1]!.time_s;
}

/** Delta time at a distance, with the band it is known within. */
export interface DeltaPoint {
  distance_m: number;
  delta_s: number;
  delta_low_s: number;
  delta_high_s: number;
}

/**
 * Delta time of `compared` against `reference` every `stepM` metres (positive: compared is behind). The band's
 * half-width adds two things: where between two samples each car crossed that distance (one sample gap over
 * √12, the spread of a uniform guess, per lap, combined in quadrature), and the integration error of distance
 * (a third of the change in delta when every other sample is dropped). Both laps must be placed on the same
 * length (see addDistance's lengthM).
 */
export function computeDelta(
  reference: readonly PlacedSample[],
  compared: readonly PlacedSample[],
  stepM = 10,
): DeltaPoint[] {
  if (reference.length < 2 || compared.length < 2) return [];
  const length = Math.min(reference.at(-1)!.distance_m, compared.at(-1)!.distance_m);
  const points: DeltaPoint[] = [];
  for (let d = 0; d <= length + 1e-9; d += stepM) {
    const delta = timeAtDistance(compared, d) - timeAtDistance(reference, d);
    const coarseDelta = timeAtDistance(compared, d, true) - timeAtDistance(reference, d, true);
    const timing = Math.hypot(sampleGapAt(reference, d), sampleGapAt(compared, d)) / Math.sqrt(12);
    const half = timing + Math.abs(delta - coarseDelta) / 3;
    points.push({distance_m: d, delta_s: delta, delta_low_s: delta - half, delta_high_s: delta + half});
  }
  return points;
}

/** Time through each of `count` equal mini-sectors of a placed lap. */
export function toMiniSectorTimes(lap: readonly PlacedSample[], count: number): number[] {
  const length = lap.at(-1)?.distance_m ?? 0;
  return Array.from(
    {length: count},
    (_, k) => timeAtDistance(lap, ((k + 1) * length) / count) - timeAtDistance(lap, (k * length) / count),
  );
}

/** A car position sample (date in epoch ms, x/y in the circuit's frame). */
export interface PositionSample {
  date: number;
  x: number;
  y: number;
}

/**
 * The reference lap's path split into `count` mini-sectors, each point tagged with the driver faster through
 * its mini-sector. A position's distance is read off the reference lap's time→distance curve; each
 * mini-sector's path also gets the next one's first point so the coloured pieces join.
 */
export function toTrackPoints(
  positions: readonly PositionSample[],
  {
    startMs,
    reference,
    winners,
  }: {startMs: number; reference: readonly PlacedSample[]; winners: readonly string[]},
): {x: number; y: number; minisector: number; faster: string}[] {
  const count = winners.length;
  const length = reference.at(-1)?.distance_m ?? 0;
  if (count === 0 || length === 0) return [];
  const distanceAt = (timeS: number) => distanceAtTime(reference, timeS);
  const placed = [...positions]
    .sort((a, b) => a.date - b.date)
    .map((position) => {
      const minisector = Math.min(
        count - 1,
        Math.floor((distanceAt((position.date - startMs) / 1000) / length) * count),
      );
      return {x: position.x, y: position.y, minisector, faster: winners[minisector]!};
    });
  const joined: typeof placed = [];
  placed.forEach((point, i) => {
    const previous = placed[i - 1];
    if (previous && previous.minisector !== point.minisector)
      joined.push({...point, minisector: previous.minisector, faster: previous.faster});
    joined.push(point);
  });
  return joined;
}
