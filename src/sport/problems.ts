/** Something wrong in the input that was skipped, named precisely enough to find and fix. */
export interface Problem {
  /** File or URL the problem is in. */
  source: string;
  /** 1-based line number, where the input has lines. */
  line?: number;
  message: string;
}

/** Formats a problem as "file:line: message", the way compilers do, so editors can jump to it. */
export function formatProblem(problem: Problem): string {
  return `${problem.source}${problem.line != null ? `:${problem.line}` : ""}: ${problem.message}`;
}
