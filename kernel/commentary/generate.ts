import {ClaudeError, type ClaudeClient, type ReplyUsage} from "./claude-client.js";
import {StreamingGroundingCheck, type GroundingFacts, type Ungrounded} from "./grounding.js";
import type {CommentaryPrompt} from "./prompt.js";

/** How hard to try before a template stands in. */
export interface RetryPolicy {
  /** Tries after the first, for 429, 529, 5xx, connection failures, timeouts and cut streams. */
  maxRetries: number;
  /** Backoff before retry n is base × 2^n (with jitter), at most maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** A retry-after longer than this is not waited for: the line falls back and the API rests that long. */
  maxRetryWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 2,
  baseBackoffMs: 250,
  maxBackoffMs: 4_000,
  maxRetryWaitMs: 5_000,
};

/** What a generation did, for the counters. */
export interface GenerationObserver {
  /** A request was sent (first try, retry or regeneration). */
  onRequest?(): void;
  onRetry?(error: ClaudeError): void;
  onUsage?(usage: ReplyUsage): void;
  /** A finished reply was checked; `problems` is empty when it passed. */
  onChecked?(problems: Ungrounded[]): void;
}

export type GenerationResult =
  | {kind: "generated"; text: string; regenerated: boolean}
  | {kind: "ungrounded"; problems: Ungrounded[]}
  | {kind: "failed"; error: ClaudeError};

/**
 * Writes one grounded text with Claude: streams it through the grounding check (only checked text reaches
 * `onText`), retries transient failures with backoff (a line already partly shown is reset with `onRestart`
 * first), and regenerates once, naming the problem, when the check fails. Two failed checks give
 * "ungrounded"; exhausted retries or a permanent error give "failed": either way a template stands in.
 */
export async function generateGrounded(options: {
  client: ClaudeClient;
  prompt: (problems: Ungrounded[]) => CommentaryPrompt;
  facts: GroundingFacts;
  policy: RetryPolicy;
  onText: (text: string) => void;
  onRestart: () => void;
  observer?: GenerationObserver;
  sleep?: (ms: number) => Promise<void>;
  /** Aborts everything (the commentator is stopping). */
  signal?: AbortSignal;
}): Promise<GenerationResult> {
  const {client, facts, policy, observer} = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let problems: Ungrounded[] = [];
  for (let draft = 0; draft < 2; draft++) {
    const prompt = options.prompt(problems);
    let outcome: {text: string} | {problem: Ungrounded};
    try {
      outcome = await withRetries(policy, sleep, observer, async (shown) => {
        const check = new StreamingGroundingCheck(facts);
        const controller = new AbortController();
        if (options.signal?.aborted) throw new ClaudeError("aborted", "the commentator stopped");
        const stop = () => controller.abort();
        options.signal?.addEventListener("abort", stop, {once: true});
        let problem: Ungrounded | null = null;
        observer?.onRequest?.();
        try {
          const reply = await client.stream(
            prompt,
            (chunk) => {
              if (problem) return;
              const result = check.push(chunk);
              if (result.problem) {
                problem = result.problem;
                controller.abort();
              } else if (result.release) shown(result.release);
            },
            controller.signal,
          );
          observer?.onUsage?.(reply.usage);
        } catch (error) {
          if (!problem || options.signal?.aborted) throw error;
        } finally {
          options.signal?.removeEventListener("abort", stop);
        }
        if (problem) return {problem};
        const rest = check.finish();
        if (rest.problem) return {problem: rest.problem};
        if (rest.release) shown(rest.release);
        return {text: check.fullText.trim()};
      });
    } catch (error) {
      if (error instanceof ClaudeError) return {kind: "failed", error};
      throw error;
    }
    if ("text" in outcome && outcome.text !== "") {
      observer?.onChecked?.([]);
      return {kind: "generated", text: outcome.text, regenerated: draft > 0};
    }
    const problem = "problem" in outcome ? outcome.problem : {text: "(empty reply)", kind: "name" as const};
    observer?.onChecked?.([problem]);
    problems = [problem];
    options.onRestart();
  }
  return {kind: "ungrounded", problems};

  async function withRetries<T>(
    retryPolicy: RetryPolicy,
    wait: (ms: number) => Promise<void>,
    watcher: GenerationObserver | undefined,
    attempt: (shown: (text: string) => void) => Promise<T>,
  ): Promise<T> {
    for (let retry = 0; ; retry++) {
      let showed = false;
      try {
        return await attempt((text) => {
          showed = true;
          options.onText(text);
        });
      } catch (error) {
        if (!(error instanceof ClaudeError) || !error.retryable || retry >= retryPolicy.maxRetries)
          throw error;
        if (error.retryAfterMs != null && error.retryAfterMs > retryPolicy.maxRetryWaitMs) throw error;
        watcher?.onRetry?.(error);
        if (showed) options.onRestart();
        await wait(error.retryAfterMs ?? backoffMs(retryPolicy, retry));
      }
    }
  }
}

/** Exponential backoff with up to 25% jitter. */
export function backoffMs(policy: RetryPolicy, retry: number): number {
  const base = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** retry);
  return Math.round(base * (1 - Math.random() * 0.25));
}
