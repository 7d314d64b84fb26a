// Scores for probabilistic forecasts. A "contest" is one group (a race, or a race at one lap) with exactly
// one winner; its probabilities are the model's win probabilities for the rows of the group.

/** One contest: each row's probability and whether it won. */
export interface Contest {
  probabilities: readonly number[];
  outcomes: readonly number[];
}

/** Scores of a set of contests. */
export interface ContestScores {
  contests: number;
  /** Mean of −ln p(winner); probabilities are floored at 1e-6. */
  logLoss: number;
  /** Mean over contests of Σ (p − outcome)² over the rows (the multi-class Brier score, 0 to 2). */
  brier: number;
  /** Share of contests whose most likely row won. */
  top1: number;
}

const FLOOR = 1e-6;

/** Log-loss, Brier score and top-1 accuracy of contests. */
export function scoreContests(contests: readonly Contest[]): ContestScores {
  let logLoss = 0;
  let brier = 0;
  let hits = 0;
  for (const {probabilities, outcomes} of contests) {
    let best = 0;
    for (let index = 0; index < probabilities.length; index++) {
      const p = probabilities[index]!;
      const outcome = outcomes[index]!;
      brier += (p - outcome) ** 2;
      if (outcome === 1) logLoss -= Math.log(Math.max(p, FLOOR));
      if (p > probabilities[best]!) best = index;
    }
    if (outcomes[best] === 1) hits++;
  }
  const count = Math.max(1, contests.length);
  return {contests: contests.length, logLoss: logLoss / count, brier: brier / count, top1: hits / count};
}

/** Scores of independent yes/no forecasts (e.g. podium): mean log-loss and Brier score over rows. */
export function scoreBinary(
  probabilities: readonly number[],
  outcomes: readonly number[],
): {rows: number; logLoss: number; brier: number} {
  let logLoss = 0;
  let brier = 0;
  probabilities.forEach((p, index) => {
    const outcome = outcomes[index]!;
    const clipped = Math.min(Math.max(p, FLOOR), 1 - FLOOR);
    logLoss -= outcome === 1 ? Math.log(clipped) : Math.log(1 - clipped);
    brier += (p - outcome) ** 2;
  });
  const count = Math.max(1, probabilities.length);
  return {rows: probabilities.length, logLoss: logLoss / count, brier: brier / count};
}

/** One bin of a calibration table. */
export interface CalibrationBin {
  /** Lower and upper edge of predicted probability. */
  from: number;
  to: number;
  rows: number;
  /** Mean predicted probability in the bin (null when empty). */
  predicted: number | null;
  /** Share of the bin's rows that happened (null when empty). */
  observed: number | null;
}

/** Calibration by decile of predicted probability: ten bins [0, 0.1), ..., [0.9, 1]. */
export function calibrationTable(
  probabilities: readonly number[],
  outcomes: readonly number[],
): CalibrationBin[] {
  const bins = Array.from({length: 10}, (_, index) => ({index, rows: 0, predicted: 0, observed: 0}));
  probabilities.forEach((p, index) => {
    const bin = bins[Math.min(9, Math.max(0, Math.floor(p * 10)))]!;
    bin.rows++;
    bin.predicted += p;
    bin.observed += outcomes[index]!;
  });
  return bins.map(({index, rows, predicted, observed}) => ({
    from: index / 10,
    to: (index + 1) / 10,
    rows,
    predicted: rows ? round(predicted / rows) : null,
    observed: rows ? round(observed / rows) : null,
  }));
}

/** Mean absolute error. */
export function meanAbsoluteError(predicted: readonly number[], actual: readonly number[]): number {
  if (predicted.length === 0) return Number.NaN;
  return (
    predicted.reduce((sum, value, index) => sum + Math.abs(value - actual[index]!), 0) / predicted.length
  );
}

/** Rounds to `decimals` places (default 4), so metrics print and serialize the same way everywhere. */
export function round(value: number, decimals = 4): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Every number in a scores object rounded (see `round`). */
export function roundScores<T extends object>(scores: T, decimals = 4): T {
  return Object.fromEntries(
    Object.entries(scores).map(([key, value]) => [
      key,
      typeof value === "number" ? round(value, decimals) : value,
    ]),
  ) as T;
}
