// Tyre degradation: a straight line through each stint's clean laps, lap time against tyre age. The slope is
// the time lost per lap of tyre age, with its standard error, so a slope of 0.05 ± 0.08 s/lap reads as "not
// measurable" rather than as a number to trust.

/** A least-squares line with the standard error of its slope. */
export interface LineFit {
  slope: number;
  intercept: number;
  slope_se: number | null;
  n: number;
}

/** Fits y = intercept + slope·x by least squares; null with fewer than two distinct x. SE needs three points. */
export function fitLine(points: readonly {x: number; y: number}[]): LineFit | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const {x, y} of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residuals = points.reduce((sum, {x, y}) => sum + (y - intercept - slope * x) ** 2, 0);
  const slopeSe = n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : null;
  return {slope, intercept, slope_se: slopeSe, n};
}

/** A clean lap of a stint, as the pace notebook's SQL returns it. */
export interface StintLapRow {
  driver: string;
  stint_number: number;
  compound: string | null;
  tyre_age_laps: number;
  lap_duration: number;
}

/** A stint's fitted degradation. */
export interface StintDegradation {
  driver: string;
  stint: string;
  stint_number: number;
  compound: string | null;
  laps: number;
  slope_s_per_lap: number;
  slope_se_s_per_lap: number | null;
  intercept_s: number;
  age_min: number;
  age_max: number;
}

/** Fits every (driver, stint) with at least `minLaps` laps (default 4); stints too short are left out. */
export function fitStintDegradation(laps: readonly StintLapRow[], {minLaps = 4} = {}): StintDegradation[] {
  const stints = new Map<string, StintLapRow[]>();
  for (const lap of laps) {
    const key = `${lap.driver} stint ${lap.stint_number}`;
    stints.set(key, [...(stints.get(key) ?? []), lap]);
  }
  const fits: StintDegradation[] = [];
  for (const [stint, rows] of stints) {
    if (rows.length < minLaps) continue;
    const fit = fitLine(rows.map((row) => ({x: row.tyre_age_laps, y: row.lap_duration})));
    if (!fit) continue;
    const ages = rows.map((row) => row.tyre_age_laps);
    fits.push({
      driver: rows[0]!.driver,
      stint,
      stint_number: rows[0]!.stint_number,
      compound: rows[0]!.compound,
      laps: rows.length,
      slope_s_per_lap: fit.slope,
      slope_se_s_per_lap: fit.slope_se,
      intercept_s: fit.intercept,
      age_min: Math.min(...ages),
      age_max: Math.max(...ages),
    });
  }
  return fits;
}
