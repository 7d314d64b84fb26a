// Baselines that know only where a car is: the share of wins (or podiums) from each position in the training
// rows, smoothed, then normalized over the field so a contest's win probabilities sum to 1.

/** Frequency table keyed by a bucket (e.g. grid position), smoothed towards `prior`. */
export class BucketPrior {
  private counts = new Map<string, {hits: number; rows: number}>();

  constructor(
    private readonly prior: number,
    private readonly strength = 2,
  ) {}

  add(bucket: string, hit: number): void {
    const count = this.counts.get(bucket) ?? {hits: 0, rows: 0};
    count.hits += hit;
    count.rows += 1;
    this.counts.set(bucket, count);
  }

  /** Smoothed hit rate of a bucket (the prior for unseen buckets). */
  rate(bucket: string): number {
    const count = this.counts.get(bucket);
    return ((count?.hits ?? 0) + this.prior * this.strength) / ((count?.rows ?? 0) + this.strength);
  }
}

/** Scales rates so they sum to 1 (uniform when all are zero). */
export function normalize(rates: readonly number[]): number[] {
  const total = rates.reduce((sum, rate) => sum + rate, 0);
  return total > 0 ? rates.map((rate) => rate / total) : rates.map(() => 1 / rates.length);
}
