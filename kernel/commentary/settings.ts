import type {ClaudeSettings} from "./claude-client.js";
import type {CommentatorOptions} from "./commentator.js";

/** The model used when the configuration names none: fast enough for live commentary. */
export const DEFAULT_COMMENTARY_MODEL = "claude-haiku-4-5";

/** How to build the commentator: Claude's settings (null for templates only) and any option overrides. */
export type CommentarySetup = Partial<Omit<CommentatorOptions, "claude">> & {claude: ClaudeSettings | null};

/**
 * The commentary's settings from the environment: on with PITWALL_COMMENTARY=on (what `npm start` sets; off
 * otherwise, since commentary joins the session's log, like live predictions). ANTHROPIC_API_KEY
 * (none: template commentary, labelled as such), ANTHROPIC_BASE_URL (a proxy, or a local fake),
 * PITWALL_COMMENTARY_MODEL (defaults to claude-haiku-4-5), PITWALL_COMMENTARY_RPM (requests a minute, default
 * 30), PITWALL_COMMENTARY_TOKENS (tokens per session, default 60000), PITWALL_COMMENTARY_TIMEOUT_MS (until the
 * first token, default 8000).
 */
export function commentaryFromEnv(env: Record<string, string | undefined>): CommentarySetup | null {
  if (env.PITWALL_COMMENTARY !== "on") return null;
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  const number = (name: string, fallback: number) => {
    const value = env[name];
    if (value == null || value === "") return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0)
      throw new Error(`${name}="${value}" is not a positive number: fix it or unset it to use ${fallback}`);
    return parsed;
  };
  const timeout = number("PITWALL_COMMENTARY_TIMEOUT_MS", 8_000);
  return {
    claude: apiKey
      ? {
          apiKey,
          baseURL: env.ANTHROPIC_BASE_URL || undefined,
          model: env.PITWALL_COMMENTARY_MODEL || DEFAULT_COMMENTARY_MODEL,
          requestTimeoutMs: timeout,
          firstTokenTimeoutMs: timeout,
          idleTimeoutMs: Math.max(2_000, timeout / 2),
        }
      : null,
    budget: {
      requestsPerMinute: number("PITWALL_COMMENTARY_RPM", 30),
      tokensPerSession: number("PITWALL_COMMENTARY_TOKENS", 60_000),
    },
  };
}
