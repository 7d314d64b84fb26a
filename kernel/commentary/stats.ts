/** A Prometheus metric family: name, type, help and labelled samples (the form kernel/routes/metrics.ts prints). */
export type CommentaryMetric = [
  name: string,
  type: string,
  help: string,
  samples: [Record<string, string>, number][],
];

const COUNTERS = {
  requests: "Requests sent to the Messages API (first tries, retries and regenerations)",
  generatedLines: "Lines written by Claude that passed the grounding check",
  groundingChecked: "Finished replies checked against their facts",
  groundingRejected: "Replies that failed the grounding check",
  groundingRegenerated: "Lines that passed the check on their second draft",
  groundingReplaced: "Lines replaced by their template after failing the check twice",
  cacheHits: "Lines answered from the cache of identical prompts",
  deduplicated: "Events detected twice and told once",
  deduplicatedRequests: "Requests saved because the identical prompt was already in flight",
  stale: "Lines that waited too long in the queue and were told by template",
  history: "Events not told because a feed delivered them long after they happened (a replay catching up)",
  inputTokens: "Input tokens used",
  outputTokens: "Output tokens used",
  cacheReadTokens: "Input tokens read from the API's prompt cache",
} as const;

const LABELLED = {
  events: ["kind", "Events detected, by kind"],
  retries: ["cause", "Retries, by cause"],
  failures: ["cause", "Requests that failed after their retries, by cause"],
  templateLines: ["reason", "Lines told by template, by reason"],
  budgetRefusals: ["cap", "Times a request was held or refused by a budget cap"],
} as const;

/** The commentary's counters, exposed by /v1/metrics and /v1/commentary. */
export class CommentaryStats {
  private counters = new Map<keyof typeof COUNTERS, number>();
  private labelled = new Map<keyof typeof LABELLED, Map<string, number>>();
  /** Kernel-side latency from an event's detection to its first checked text, ms (last 1000). */
  private firstToken: number[] = [];

  add(name: keyof typeof COUNTERS, amount = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + amount);
  }

  count(name: keyof typeof LABELLED, label: string): void {
    const map = this.labelled.get(name) ?? new Map<string, number>();
    map.set(label, (map.get(label) ?? 0) + 1);
    this.labelled.set(name, map);
  }

  get(name: keyof typeof COUNTERS): number {
    return this.counters.get(name) ?? 0;
  }

  getLabelled(name: keyof typeof LABELLED): Record<string, number> {
    return Object.fromEntries(this.labelled.get(name) ?? []);
  }

  observeFirstToken(ms: number): void {
    this.firstToken.push(ms);
    if (this.firstToken.length > 1000) this.firstToken.shift();
  }

  /** Median and 99th percentile of detection-to-first-token inside the kernel, ms. */
  firstTokenQuantiles(): {p50: number | null; p99: number | null; count: number} {
    const sorted = [...this.firstToken].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return {p50: at(0.5), p99: at(0.99), count: sorted.length};
  }

  toJSON(): Record<keyof typeof COUNTERS, number> &
    Record<keyof typeof LABELLED, Record<string, number>> & {
      firstTokenMs: ReturnType<CommentaryStats["firstTokenQuantiles"]>;
    } {
    return {
      ...Object.fromEntries(
        Object.keys(COUNTERS).map((name) => [name, this.get(name as keyof typeof COUNTERS)]),
      ),
      ...Object.fromEntries(
        Object.keys(LABELLED).map((name) => [name, this.getLabelled(name as keyof typeof LABELLED)]),
      ),
      firstTokenMs: this.firstTokenQuantiles(),
    } as ReturnType<CommentaryStats["toJSON"]>;
  }

  /** Prometheus families. */
  metrics(): CommentaryMetric[] {
    const families: CommentaryMetric[] = Object.entries(COUNTERS).map(([name, help]) => [
      `pitwall_commentary_${snake(name)}_total`,
      "counter",
      help,
      [[{}, this.get(name as keyof typeof COUNTERS)]],
    ]);
    for (const [name, [label, help]] of Object.entries(LABELLED)) {
      families.push([
        `pitwall_commentary_${snake(name)}_total`,
        "counter",
        help,
        Object.entries(this.getLabelled(name as keyof typeof LABELLED)).map(([value, count]) => [
          {[label]: value},
          count,
        ]),
      ]);
    }
    const {p50, p99} = this.firstTokenQuantiles();
    families.push([
      "pitwall_commentary_first_token_ms",
      "gauge",
      "Event detected to first checked text in the kernel, ms",
      [
        [{quantile: "0.5"}, p50 ?? 0],
        [{quantile: "0.99"}, p99 ?? 0],
      ],
    ]);
    return families;
  }
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
