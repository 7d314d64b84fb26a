/** Median of a list of numbers (the upper middle for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** "median 812 ms (min 790, max 1020; 5 runs)". */
export function describeRuns(values: readonly number[], unit = "ms"): string {
  const round = (value: number) => Math.round(value).toLocaleString("en");
  return `median ${round(median(values))} ${unit} (min ${round(Math.min(...values))}, max ${round(Math.max(...values))}; ${values.length} runs)`;
}
