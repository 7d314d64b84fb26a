import type {CalibrationBin} from "./metrics.js";

/** A Markdown table; numbers print as given (round them first). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const line = (cells: readonly unknown[]) => `| ${cells.map((cell) => String(cell ?? "—")).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A calibration table as Markdown. */
export function calibrationMarkdown(bins: readonly CalibrationBin[]): string {
  return markdownTable(
    ["predicted", "rows", "mean predicted", "observed"],
    bins.map((bin) => [`${bin.from.toFixed(1)}–${bin.to.toFixed(1)}`, bin.rows, bin.predicted, bin.observed]),
  );
}

/** Progress on stderr, prefixed with the model's name. */
export function progress(model: string): (message: string) => void {
  return (message) => process.stderr.write(`train ${model}: ${message}\n`);
}
