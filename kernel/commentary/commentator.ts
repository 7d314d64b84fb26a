import {
  DEFAULT_LENGTH,
  DEFAULT_STYLE,
  toLineId,
  type CommentaryChange,
  type CommentaryEvent,
  type CommentaryLength,
  type CommentaryStyle,
  type LiveCommentaryLine,
} from "../../src/sport/commentary.js";
import type {LiveState} from "../../src/sport/kernel-messages.js";
import type {LiveHub} from "../live/hub.js";
import type {SessionChannel} from "../live/session-channel.js";
import {COMMENTARY_TOPIC, RESET_TOPIC, type LoggedEvent} from "../timing/feed-event.js";
import {CommentaryBudget, defaultBudget, estimateTokens, type BudgetOptions} from "./budget.js";
import {ClaudeClient, type ClaudeError, type ClaudeSettings} from "./claude-client.js";
import {EventDetector} from "./detect-events.js";
import {toCommentaryDriver} from "./event-facts.js";
import {defaultRetryPolicy, generateGrounded, type RetryPolicy} from "./generate.js";
import {toGroundingFacts, type GroundingFacts} from "./grounding.js";
import {toCommentaryPrompt, toPromptKey} from "./prompt.js";
import {CommentaryStats} from "./stats.js";
import {toTemplateLine} from "./templates.js";

/** How the commentator runs; everything but `claude` has a default. */
export interface CommentatorOptions {
  /** Claude's settings; null writes template lines only (no API key configured). */
  claude: ClaudeSettings | null;
  budget: BudgetOptions;
  retry: RetryPolicy;
  /** Requests in flight at once. */
  maxConcurrent: number;
  /** A line still queued after this long is told by its template instead, ms. */
  maxQueueMs: number;
  /** At most this many style-and-length variants are written per session (the most asked for). */
  maxVariants: number;
  /** Finished texts kept for identical prompts. */
  cacheSize: number;
  /**
   * Events further than this behind the newest feed time when they are told are history, not news, ms: a replay
   * started late (or sought forward) delivers the whole race before its start point at once.
   */
  historyMs: number;
  /** After the API fails (retries exhausted), it rests this long before it is tried again, doubling up to max, ms. */
  restMs: number;
  maxRestMs: number;
  now: () => number;
}

export const defaultCommentatorOptions: Omit<CommentatorOptions, "claude"> = {
  budget: defaultBudget,
  retry: defaultRetryPolicy,
  maxConcurrent: 2,
  maxQueueMs: 10_000,
  maxVariants: 3,
  cacheSize: 500,
  historyMs: 60_000,
  restMs: 5_000,
  maxRestMs: 60_000,
  now: Date.now,
};

interface Variant {
  style: CommentaryStyle;
  length: CommentaryLength;
}

interface Job {
  sessionId: string;
  channel: SessionChannel;
  event: CommentaryEvent;
  variant: Variant;
  lineId: string;
  facts: GroundingFacts;
  enqueuedAt: number;
  detectedAt: number;
  seq: number;
  /** The budget cap that held it back, if one did. */
  heldBy: string | null;
}

interface SessionMemory {
  detector: EventDetector;
  handled: Set<string>;
  /** Events detected in the current burst of feed events (with when), told once it has been applied. */
  detected: {event: CommentaryEvent; detectedAt: number}[];
  flush: ReturnType<typeof setImmediate> | null;
  /** Feed offset of the newest event, for the commentary's own log entries. */
  offsetMs: number;
  order: number;
}

/** Where the API stands: usable, resting after failures, or refused for good (a bad key). */
type ApiHealth =
  {state: "ok"} | {state: "resting"; until: number; reason: string} | {state: "refused"; reason: string};

/**
 * The live commentator: watches every session the hub serves, detects events from the timing state as each
 * feed event is applied, and writes a line per event in each style and length its clients asked for, as the
 * session's `commentary` topic, token by token. Lines come from Claude when a key is configured and the API
 * answers within budget, and from templates otherwise (labelled with the reason). Knows nothing of HTTP.
 */
export class Commentator {
  readonly options: CommentatorOptions;
  readonly stats = new CommentaryStats();
  private readonly client: ClaudeClient | null;
  private readonly budget: CommentaryBudget;
  private readonly sessions = new Map<string, SessionMemory>();
  private readonly demand = new Map<object, {sessionId: string} & Variant>();
  private queue: Job[] = [];
  private inFlight = 0;
  private jobSeq = 0;
  private health: ApiHealth = {state: "ok"};
  private consecutiveFailures = 0;
  private readonly cache = new Map<string, string>();
  private readonly pending = new Map<string, Promise<string | null>>();
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  /** Aborted by stop(): requests in flight end, and nothing more is logged. */
  private readonly lifetime = new AbortController();
  private readonly listener = (channel: SessionChannel, event: LoggedEvent) => this.onEvent(channel, event);
  /** Called when a line is opened (tests and the benchmark listen). */
  onLine: ((sessionId: string, line: LiveCommentaryLine) => void) | null = null;

  constructor(
    private readonly hub: LiveHub,
    options: Partial<CommentatorOptions> & {claude: ClaudeSettings | null},
  ) {
    this.options = {...defaultCommentatorOptions, ...options};
    this.client = this.options.claude ? new ClaudeClient(this.options.claude) : null;
    this.budget = new CommentaryBudget(this.options.budget, this.options.now);
  }

  start(): void {
    this.hub.eventListeners.add(this.listener);
  }

  stop(): void {
    this.lifetime.abort();
    this.hub.eventListeners.delete(this.listener);
    for (const memory of this.sessions.values()) if (memory.flush) clearImmediate(memory.flush);
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.pumpTimer = null;
    this.queue = [];
  }

  /** A client reads this session's commentary in this style and length (until `release`). */
  setDemand(client: object, sessionId: string, style: CommentaryStyle, length: CommentaryLength): void {
    this.demand.set(client, {sessionId, style, length});
  }

  release(client: object): void {
    this.demand.delete(client);
  }

  /** The variants written for a session: the most asked for, else the default. */
  variantsFor(sessionId: string): Variant[] {
    const counts = new Map<string, {variant: Variant; count: number}>();
    for (const wish of this.demand.values()) {
      if (wish.sessionId !== sessionId) continue;
      const key = `${wish.style}|${wish.length}`;
      const entry = counts.get(key) ?? {variant: {style: wish.style, length: wish.length}, count: 0};
      entry.count++;
      counts.set(key, entry);
    }
    const ranked = [...counts.entries()]
      .sort(([keyA, a], [keyB, b]) => b.count - a.count || keyA.localeCompare(keyB))
      .slice(0, this.options.maxVariants)
      .map(([, entry]) => entry.variant);
    return ranked.length > 0 ? ranked : [{style: DEFAULT_STYLE, length: DEFAULT_LENGTH}];
  }

  /** What the commentary runs on now, for /v1/commentary and the health page. */
  status() {
    const mode = !this.client ? "template" : this.health.state === "ok" ? "claude" : "template";
    const reason = !this.client
      ? "no API key configured (ANTHROPIC_API_KEY)"
      : this.health.state === "ok"
        ? null
        : this.health.reason;
    return {
      mode,
      reason,
      model: this.options.claude?.model ?? null,
      baseURL: this.options.claude?.baseURL ?? null,
      queued: this.queue.length,
      inFlight: this.inFlight,
      budget: {
        ...this.options.budget,
        requestsLastMinute: this.budget.recentRequests(),
        tokensBySession: Object.fromEntries(
          [...this.sessions.keys()].map((id) => [id, this.budget.spent(id)]),
        ),
      },
      stats: this.stats.toJSON(),
    };
  }

  private onEvent(channel: SessionChannel, logged: LoggedEvent): void {
    if (logged.topic === COMMENTARY_TOPIC) return;
    const sessionId = channel.sessionId;
    let memory = this.sessions.get(sessionId);
    if (!memory) {
      memory = {
        detector: new EventDetector(),
        handled: new Set(),
        detected: [],
        flush: null,
        offsetMs: 0,
        order: 0,
      };
      this.sessions.set(sessionId, memory);
      // A session that already had a log (a restarted kernel) is taken as it stands: nothing old is re-told.
      if (logged.seq > 1) {
        memory.detector.prime(channel.model.state, logged.offsetMs);
        const lines = Object.values(channel.model.state.commentary?.lines ?? {});
        memory.order = Math.max(0, ...lines.map((line) => line.order));
        memory.offsetMs = logged.offsetMs;
        // Lines a stopped kernel left half-written end with their headline (grounded by construction).
        for (const line of lines.filter((candidate) => candidate.status !== "done")) {
          const reason = "interrupted: the kernel restarted";
          this.publish(channel, {
            op: "replace",
            id: line.id,
            source: "template",
            reason,
            tokens: [`${line.headline}.`],
          });
          this.publish(channel, {op: "close", id: line.id});
        }
        return;
      }
    }
    if (logged.topic === RESET_TOPIC) {
      memory.handled.clear();
      memory.detected = [];
      this.queue = this.queue.filter((job) => job.sessionId !== sessionId);
      this.budget.resetSession(sessionId);
    }
    memory.offsetMs = Math.max(memory.offsetMs, logged.offsetMs);
    const detectedAt = performance.timeOrigin + performance.now();
    for (const event of memory.detector.observe(channel.model.state, logged))
      memory.detected.push({event, detectedAt});
    if (memory.detected.length > 0 && !memory.flush) {
      const session = memory;
      // Feeds deliver bursts synchronously (a replay catching up to its start point): tell them once applied.
      session.flush = setImmediate(() => {
        session.flush = null;
        for (const {event, detectedAt: at} of session.detected.splice(0)) {
          if (session.offsetMs - event.offsetMs > this.options.historyMs) {
            session.handled.add(event.id);
            this.stats.add("history");
          } else this.tell(channel, session, event, at);
        }
      });
    }
  }

  /** Opens the event's lines and writes them: from a template at once, or queued for Claude. */
  private tell(
    channel: SessionChannel,
    memory: SessionMemory,
    event: CommentaryEvent,
    detectedAt: number,
  ): void {
    this.stats.count("events", event.kind);
    if (memory.handled.has(event.id)) {
      this.stats.add("deduplicated");
      return;
    }
    memory.handled.add(event.id);
    const state = channel.model.state;
    const facts = toGroundingFacts(event, rosterOf(state));
    for (const variant of this.variantsFor(channel.sessionId)) {
      const lineId = toLineId(event.id, variant.style, variant.length);
      const line: LiveCommentaryLine = {
        id: lineId,
        eventId: event.id,
        kind: event.kind,
        priority: event.priority,
        style: variant.style,
        length: variant.length,
        lap: event.lap,
        utc: event.utc,
        headline: event.headline,
        drivers: event.drivers.map((driver) => driver.driverNumber),
        source: this.client ? "claude" : "template",
        reason: null,
        status: "queued",
        tokens: [],
        detectedAt,
        order: ++memory.order,
      };
      this.publish(channel, {op: "open", line});
      this.onLine?.(channel.sessionId, line);
      const job: Job = {
        sessionId: channel.sessionId,
        channel,
        event,
        variant,
        lineId,
        facts,
        enqueuedAt: this.options.now(),
        detectedAt,
        seq: ++this.jobSeq,
        heldBy: null,
      };
      const refusal = this.templateReason();
      if (refusal) this.writeTemplate(job, refusal);
      else this.queue.push(job);
    }
    this.pump();
  }

  /** Why lines cannot come from Claude right now, or null when they can. */
  private templateReason(): string | null {
    if (!this.client) return "no API key configured";
    if (this.health.state === "refused") return this.health.reason;
    if (this.health.state === "resting" && this.options.now() < this.health.until) return this.health.reason;
    return null;
  }

  /** Starts queued jobs, highest priority first, within the concurrency and budget limits. */
  private pump(): void {
    const now = this.options.now();
    for (const job of this.queue.filter(
      (candidate) => now - candidate.enqueuedAt > this.options.maxQueueMs,
    )) {
      this.writeTemplate(job, job.heldBy ? `budget: ${job.heldBy}` : "busy: waited too long for the API");
      this.stats.add("stale");
    }
    this.queue = this.queue.filter((job) => now - job.enqueuedAt <= this.options.maxQueueMs);
    while (this.inFlight < this.options.maxConcurrent && this.queue.length > 0) {
      const refusal = this.templateReason();
      if (refusal) {
        for (const job of this.queue.splice(0)) this.writeTemplate(job, refusal);
        return;
      }
      this.queue.sort((a, b) => b.event.priority - a.event.priority || a.seq - b.seq);
      const job = this.queue[0]!;
      const prompt = toCommentaryPrompt(job.event, job.variant.style, job.variant.length);
      const estimate = estimateTokens(prompt);
      const refused = this.budget.refusal(job.sessionId, estimate);
      if (refused === "session token cap") {
        this.queue.shift();
        this.writeTemplate(job, "budget: session token cap reached");
        this.stats.count("budgetRefusals", refused);
        continue;
      }
      if (refused === "requests per minute") {
        this.stats.count("budgetRefusals", refused);
        for (const waiting of this.queue) waiting.heldBy = refused;
        const staleIn =
          Math.min(...this.queue.map((waiting) => waiting.enqueuedAt + this.options.maxQueueMs - now)) + 1;
        this.schedulePump(Math.max(1, Math.min(this.budget.waitMs(), staleIn)));
        return;
      }
      this.queue.shift();
      void this.run(job, prompt, estimate);
    }
  }

  private schedulePump(ms: number): void {
    if (this.pumpTimer) return;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = null;
      this.pump();
    }, ms);
    (this.pumpTimer as {unref?: () => void}).unref?.();
  }

  private async run(
    job: Job,
    prompt: ReturnType<typeof toCommentaryPrompt>,
    estimate: number,
  ): Promise<void> {
    const key = toPromptKey(this.options.claude!.model, prompt);
    const cached = this.cache.get(key);
    if (cached != null) {
      this.stats.add("cacheHits");
      this.writeText(job, cached);
      return this.pump();
    }
    const leader = this.pending.get(key);
    if (leader) {
      // The same prompt is already being written (the same event asked twice): wait for it, send nothing.
      this.stats.add("deduplicatedRequests");
      this.inFlight++;
      const text = await leader;
      this.inFlight--;
      if (text != null) this.writeText(job, text);
      else this.writeTemplate(job, "the identical request failed");
      return this.pump();
    }
    let resolveShared!: (text: string | null) => void;
    this.pending.set(key, new Promise((resolve) => (resolveShared = resolve)));
    this.inFlight++;
    this.budget.recordRequest(job.sessionId, estimate);
    let tokens = 0;
    let started = false;
    const result = await generateGrounded({
      client: this.client!,
      prompt: (problems) => toCommentaryPrompt(job.event, job.variant.style, job.variant.length, problems),
      facts: job.facts,
      policy: this.options.retry,
      signal: this.lifetime.signal,
      onText: (text) => {
        if (!started) {
          started = true;
          this.stats.observeFirstToken(performance.timeOrigin + performance.now() - job.detectedAt);
        }
        this.publish(job.channel, {op: "append", id: job.lineId, text});
      },
      onRestart: () => {
        started = false;
        this.publish(job.channel, {
          op: "replace",
          id: job.lineId,
          source: "claude",
          reason: null,
          tokens: [],
        });
      },
      observer: {
        onRequest: () => this.stats.add("requests"),
        onRetry: (error) => this.stats.count("retries", error.kind),
        onUsage: (usage) => {
          tokens += usage.inputTokens + usage.outputTokens;
          this.stats.add("inputTokens", usage.inputTokens);
          this.stats.add("outputTokens", usage.outputTokens);
          this.stats.add("cacheReadTokens", usage.cacheReadTokens);
        },
        onChecked: (problems) => {
          this.stats.add("groundingChecked");
          if (problems.length > 0) this.stats.add("groundingRejected");
        },
      },
    });
    this.budget.settle(job.sessionId, estimate, tokens);
    this.inFlight--;
    this.pending.delete(key);
    if (result.kind === "generated") {
      if (result.regenerated) this.stats.add("groundingRegenerated");
      this.stats.add("generatedLines");
      this.remember(key, result.text);
      this.healthy();
      this.publish(job.channel, {op: "close", id: job.lineId});
      resolveShared(result.text);
    } else if (result.kind === "ungrounded") {
      this.stats.add("groundingReplaced");
      this.healthy();
      this.writeTemplate(job, `grounding: "${result.problems[0]?.text ?? ""}" is not in the facts, twice`);
      resolveShared(null);
    } else {
      this.stats.count("failures", result.error.kind);
      this.failed(result.error);
      this.writeTemplate(job, this.failureReason(result.error));
      resolveShared(null);
    }
    this.pump();
  }

  private healthy(): void {
    this.consecutiveFailures = 0;
    if (this.health.state === "resting") this.health = {state: "ok"};
  }

  /** After a failure the API rests (retry-after, or a doubling pause); a refused key stops Claude for good. */
  private failed(error: ClaudeError): void {
    if (error.kind === "auth") {
      this.health = {state: "refused", reason: "the API refused the key (check ANTHROPIC_API_KEY)"};
      return;
    }
    if (!error.retryable) return;
    this.consecutiveFailures++;
    const pause = Math.min(this.options.maxRestMs, this.options.restMs * 2 ** (this.consecutiveFailures - 1));
    this.health = {
      state: "resting",
      until: this.options.now() + Math.max(pause, error.retryAfterMs ?? 0),
      reason: this.failureReason(error),
    };
  }

  private failureReason(error: ClaudeError): string {
    switch (error.kind) {
      case "unreachable":
      case "timeout":
        return "API unreachable";
      case "rate-limited":
        return "API rate limit";
      case "overloaded":
        return "API overloaded";
      case "cut":
        return "API stream cut";
      case "auth":
        return "the API refused the key";
      default:
        return "API error";
    }
  }

  private writeTemplate(job: Job, reason: string): void {
    const text = toTemplateLine(job.event, job.variant.style, job.variant.length);
    this.stats.count("templateLines", reason.replace(/:.*$/, ""));
    this.publish(job.channel, {op: "replace", id: job.lineId, source: "template", reason, tokens: [text]});
    this.publish(job.channel, {op: "close", id: job.lineId});
  }

  /** A text already written once (cache, or a shared request): streamed word by word like a reply. */
  private writeText(job: Job, text: string): void {
    for (const chunk of text.match(/\s*\S+/g) ?? [])
      this.publish(job.channel, {op: "append", id: job.lineId, text: chunk});
    this.publish(job.channel, {op: "close", id: job.lineId});
  }

  private remember(key: string, text: string): void {
    this.cache.set(key, text);
    if (this.cache.size > this.options.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  private publish(channel: SessionChannel, change: CommentaryChange): void {
    if (this.lifetime.signal.aborted) return;
    const memory = this.sessions.get(channel.sessionId);
    channel.ingest({
      topic: COMMENTARY_TOPIC,
      offsetMs: memory?.offsetMs ?? 0,
      utc: channel.model.lastUtc,
      change,
    });
  }
}

function rosterOf(state: LiveState) {
  return Object.values(state.drivers).map((driver) => toCommentaryDriver(driver, driver.driverNumber));
}
