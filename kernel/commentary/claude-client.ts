import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import type {CommentaryPrompt} from "./prompt.js";

/** How to reach Claude; the key, base URL and model come from configuration (see settings.ts). */
export interface ClaudeSettings {
  apiKey: string;
  /** Defaults to the SDK's (https://api.anthropic.com); tests point it at a local fake. */
  baseURL?: string;
  model: string;
  /** Until the response headers arrive, ms. */
  requestTimeoutMs: number;
  /** Until the first text arrives, ms. */
  firstTokenTimeoutMs: number;
  /** Longest silence inside a stream, ms. */
  idleTimeoutMs: number;
}

/** Why a request failed, and whether trying again may help. */
export type ClaudeFailureKind =
  | "rate-limited"
  | "overloaded"
  | "server"
  | "unreachable"
  | "timeout"
  | "cut"
  | "auth"
  | "invalid"
  | "aborted";

export class ClaudeError extends Error {
  constructor(
    readonly kind: ClaudeFailureKind,
    message: string,
    readonly status: number | null = null,
    /** What the API asked us to wait (retry-after), ms. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }

  /** 429, 529, 5xx, connection failures, timeouts and cut streams may succeed on a later try. */
  get retryable(): boolean {
    return ["rate-limited", "overloaded", "server", "unreachable", "timeout", "cut"].includes(this.kind);
  }
}

export interface ReplyUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
}

export interface Reply {
  text: string;
  usage: ReplyUsage;
  stopReason: string | null;
}

/** Streams replies from the Messages API with the official SDK; one attempt per call (retries are the caller's). */
export class ClaudeClient {
  private readonly client: Anthropic;

  constructor(readonly settings: ClaudeSettings) {
    this.client = new Anthropic({
      apiKey: settings.apiKey,
      baseURL: settings.baseURL,
      // Retries are ours (retry policy in generate.ts): live commentary cannot wait the SDK's backoff, and a line
      // already half shown must be reset before a retry.
      maxRetries: 0,
      timeout: settings.requestTimeoutMs,
    });
  }

  /**
   * Sends one prompt with `stream: true` and calls `onText` with each text delta as it arrives. Resolves when
   * the stream ends with message_stop; rejects with a ClaudeError otherwise (an SSE `error` event, a stream cut
   * before message_stop, a timeout, or `signal` aborting it).
   */
  async stream(
    prompt: CommentaryPrompt,
    onText: (text: string) => void,
    signal?: AbortSignal,
  ): Promise<Reply> {
    const controller = new AbortController();
    const abortFromCaller = () => controller.abort();
    signal?.addEventListener("abort", abortFromCaller, {once: true});
    let timedOut: string | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const arm = (ms: number, what: string) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = what;
        controller.abort();
      }, ms);
    };
    const usage: ReplyUsage = {inputTokens: 0, outputTokens: 0, cacheReadTokens: 0};
    let text = "";
    let stopReason: string | null = null;
    let stopped = false;
    let answered = false;
    try {
      arm(this.settings.requestTimeoutMs + this.settings.firstTokenTimeoutMs, "no reply");
      const events = await this.client.messages.create(
        {
          model: this.settings.model,
          max_tokens: prompt.maxTokens,
          system: [{type: "text", text: prompt.system, cache_control: {type: "ephemeral"}}],
          messages: [{role: "user", content: prompt.user}],
          stream: true,
        },
        {signal: controller.signal},
      );
      answered = true;
      for await (const event of events) {
        arm(text === "" ? this.settings.firstTokenTimeoutMs : this.settings.idleTimeoutMs, "stream stalled");
        switch (event.type) {
          case "message_start":
            usage.inputTokens = event.message.usage.input_tokens;
            usage.cacheReadTokens = event.message.usage.cache_read_input_tokens ?? 0;
            usage.outputTokens = event.message.usage.output_tokens;
            break;
          case "content_block_delta":
            if (event.delta.type === "text_delta" && event.delta.text) {
              text += event.delta.text;
              onText(event.delta.text);
            }
            break;
          case "message_delta":
            usage.outputTokens = event.usage.output_tokens;
            stopReason = event.delta.stop_reason ?? stopReason;
            break;
          case "message_stop":
            stopped = true;
            break;
          default:
            break;
        }
      }
    } catch (error) {
      throw toClaudeError(error, timedOut, signal, answered);
    } finally {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", abortFromCaller);
    }
    // An aborted stream ends its loop quietly: say why.
    if (timedOut) throw new ClaudeError("timeout", `Claude did not answer in time (${timedOut})`);
    if (signal?.aborted) throw new ClaudeError("aborted", "the request was cancelled");
    if (!stopped) throw new ClaudeError("cut", "the stream ended before message_stop");
    return {text, usage, stopReason};
  }
}

function toClaudeError(
  error: unknown,
  timedOut: string | null,
  signal: AbortSignal | undefined,
  answered: boolean,
): ClaudeError {
  if (error instanceof ClaudeError) return error;
  if (timedOut) return new ClaudeError("timeout", `Claude did not answer in time (${timedOut})`);
  if (error instanceof APIUserAbortError || signal?.aborted)
    return new ClaudeError("aborted", "the request was cancelled");
  // Once the stream has begun, a broken connection is a stream cut mid-way.
  if (answered && (!(error instanceof APIError) || error instanceof APIConnectionError))
    return new ClaudeError("cut", `the stream broke off: ${(error as Error).message}`);
  if (error instanceof APIConnectionTimeoutError) return new ClaudeError("timeout", "the request timed out");
  if (error instanceof APIConnectionError)
    return new ClaudeError("unreachable", `cannot reach the API: ${error.message}`);
  if (error instanceof APIError) {
    const status = error.status ?? null;
    const retryAfter = retryAfterMs(error.headers);
    const type = error.type ?? null;
    const message = error.apiMessage ?? error.message;
    if (status === 429 || type === "rate_limit_error")
      return new ClaudeError("rate-limited", `rate limited: ${message}`, status, retryAfter);
    if (status === 529 || type === "overloaded_error")
      return new ClaudeError("overloaded", `overloaded: ${message}`, status, retryAfter);
    if (status === 401 || status === 403 || type === "authentication_error" || type === "permission_error")
      return new ClaudeError("auth", `the API refused the key: ${message}`, status);
    if (status != null && status >= 500)
      return new ClaudeError("server", `API error ${status}: ${message}`, status, retryAfter);
    if (status == null)
      return new ClaudeError("server", `the stream reported an error: ${message}`, null, retryAfter);
    return new ClaudeError("invalid", `the API refused the request (${status}): ${message}`, status);
  }
  // A socket closed mid-stream surfaces as a plain TypeError ("terminated") from fetch's body reader.
  return new ClaudeError("cut", `the stream broke off: ${(error as Error).message}`);
}

function retryAfterMs(headers: Headers | undefined): number | null {
  const value = headers?.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
