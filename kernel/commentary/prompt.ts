import {createHash} from "node:crypto";
import type {
  CommentaryDriver,
  CommentaryEvent,
  CommentaryLength,
  CommentaryStyle,
} from "../../src/sport/commentary.js";
import type {Ungrounded} from "./grounding.js";
import {toFactLines} from "./templates.js";

/** One request's worth of prompt. */
export interface CommentaryPrompt {
  /** The same for every event of a style and length, so the API can cache it (cache_control). */
  system: string;
  user: string;
  maxTokens: number;
}

const VOICES: Record<CommentaryStyle, string> = {
  casual: "an excited television commentator: vivid and warm, exclamation marks welcome, drivers by surname",
  technical:
    "a race engineer on the pit wall: calm and precise, about positions, gaps, tyres and strategy, using the figures given",
  data: "a data analyst: terse, numbers first, no adjectives, drivers by their three-letter codes",
};

const LENGTHS: Record<CommentaryLength, {rule: string; maxTokens: number}> = {
  short: {rule: "one sentence of at most 25 words", maxTokens: 80},
  medium: {rule: "two sentences, at most 45 words in all", maxTokens: 140},
  long: {rule: "three or four sentences, at most 80 words in all", maxTokens: 240},
};

export const GROUNDING_RULES = [
  "Use only the facts given. Every driver, team, number, lap, position, time and gap you write must appear in the facts, written the same way; you may round a time or a gap to fewer decimals.",
  "Name drivers as the facts do: by surname or three-letter code. Name no other driver and no other team.",
  "Do not invent causes, tyres, strategies, lap times, gaps, history, records or quotes. If the facts do not say it, leave it out.",
  "Write numbers in digits, as the facts do.",
  "Plain text only: no markdown, no emoji, no hashtags.",
];

/** The system prompt of a style and length (shared by every event, hence cacheable). */
export function toSystemPrompt(style: CommentaryStyle, length: CommentaryLength): string {
  return [
    "You are the live commentator of PitWall, a Formula 1 analytics notebook. You write one line of commentary about one race event, from the facts you are given.",
    `Voice: ${VOICES[style]}.`,
    `Length: ${LENGTHS[length].rule}.`,
    "Rules, all strict:",
    ...GROUNDING_RULES.map((rule, index) => `${index + 1}. ${rule}`),
  ].join("\n");
}

/** The prompt for one event; `retry` names what a previous draft got wrong (a regeneration). */
export function toCommentaryPrompt(
  event: CommentaryEvent,
  style: CommentaryStyle,
  length: CommentaryLength,
  retry: Ungrounded[] = [],
): CommentaryPrompt {
  const c = event.context;
  const lines = [
    `Session: ${[c.meeting, c.session].filter(Boolean).join(", ") || "unknown"}`,
    ...toFactLines(
      Object.fromEntries(Object.entries(c).filter(([key]) => key !== "meeting" && key !== "session")),
    ).map((line) => `Race ${line}`),
    `Event: ${event.kind}`,
    `Headline: ${event.headline}`,
  ];
  if (event.drivers.length > 0)
    lines.push("Drivers:", ...event.drivers.map((driver) => `- ${describeDriver(driver)}`));
  lines.push("Facts:", ...toFactLines(event.facts).map((line) => `- ${line}`));
  if (retry.length > 0) {
    lines.push(
      `Your previous line used ${retry.map((problem) => `"${problem.text}"`).join(", ")}, which the facts do not contain. Write it again using only the facts.`,
    );
  }
  lines.push("Write the line now.");
  return {
    system: toSystemPrompt(style, length),
    user: lines.join("\n"),
    maxTokens: LENGTHS[length].maxTokens,
  };
}

/** "PIA: car 81, Piastri, McLaren, P1". */
export function describeDriver(driver: CommentaryDriver): string {
  const parts = [
    `car ${driver.driverNumber}`,
    driver.name,
    driver.team,
    driver.position != null ? `P${driver.position}` : null,
  ];
  return `${driver.tla ?? `#${driver.driverNumber}`}: ${parts.filter(Boolean).join(", ")}`;
}

/** Identical prompts give identical keys: the cache and the de-duplication of requests use it. */
export function toPromptKey(model: string, prompt: CommentaryPrompt): string {
  return createHash("sha256")
    .update(`${model}\n${prompt.maxTokens}\n${prompt.system}\n${prompt.user}`)
    .digest("hex");
}
