/** Caps on what the commentary may spend. */
export interface BudgetOptions {
  /** Requests to the API in any 60 s window, across sessions. */
  requestsPerMinute: number;
  /** Input plus output tokens per session. */
  tokensPerSession: number;
}

export const defaultBudget: BudgetOptions = {requestsPerMinute: 30, tokensPerSession: 60_000};

/** Why a request may not be sent now. */
export type BudgetRefusal = "requests per minute" | "session token cap";

/**
 * The spending caps: a sliding 60 s window of request starts, and tokens used per session. A request is
 * counted when it is sent; its tokens once the API reports them, with the estimate reserved meanwhile so
 * concurrent requests cannot overshoot the cap together.
 */
export class CommentaryBudget {
  private starts: number[] = [];
  private used = new Map<string, number>();
  private reserved = new Map<string, number>();

  constructor(
    readonly options: BudgetOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Why a request of about `estimate` tokens for `sessionId` may not go now; null when it may. */
  refusal(sessionId: string, estimate: number): BudgetRefusal | null {
    if (this.spent(sessionId) + estimate > this.options.tokensPerSession) return "session token cap";
    this.prune();
    if (this.starts.length >= this.options.requestsPerMinute) return "requests per minute";
    return null;
  }

  /** How long until the request window has room again, ms. */
  waitMs(): number {
    this.prune();
    if (this.starts.length < this.options.requestsPerMinute) return 0;
    return Math.max(1, this.starts[0]! + 60_000 - this.now());
  }

  /** Counts a request sent now, reserving its estimated tokens. */
  recordRequest(sessionId: string, estimate: number): void {
    this.starts.push(this.now());
    this.reserved.set(sessionId, (this.reserved.get(sessionId) ?? 0) + estimate);
  }

  /** Replaces a request's reservation with the tokens it really used. */
  settle(sessionId: string, estimate: number, tokens: number): void {
    this.reserved.set(sessionId, Math.max(0, (this.reserved.get(sessionId) ?? 0) - estimate));
    this.used.set(sessionId, (this.used.get(sessionId) ?? 0) + tokens);
  }

  /** Tokens used (and reserved) by a session. */
  spent(sessionId: string): number {
    return (this.used.get(sessionId) ?? 0) + (this.reserved.get(sessionId) ?? 0);
  }

  /** Requests sent in the last minute. */
  recentRequests(): number {
    this.prune();
    return this.starts.length;
  }

  /** Forgets a session's spending (its replay started over). */
  resetSession(sessionId: string): void {
    this.used.delete(sessionId);
    this.reserved.delete(sessionId);
  }

  private prune(): void {
    const cutoff = this.now() - 60_000;
    while (this.starts.length > 0 && this.starts[0]! <= cutoff) this.starts.shift();
  }
}

/** A rough token count of a prompt: about four characters a token, plus the reply's cap. */
export function estimateTokens(prompt: {system: string; user: string; maxTokens: number}): number {
  return Math.ceil((prompt.system.length + prompt.user.length) / 4) + prompt.maxTokens;
}
