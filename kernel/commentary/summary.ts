import type {CommentaryDriver, CommentaryEvent, FactValue} from "../../src/sport/commentary.js";
import type {LiveDriver, LiveState} from "../../src/sport/kernel-messages.js";
import type {ArchiveReader} from "../../sources/livetiming/index.js";
import {detectArchiveEvents} from "./archive-events.js";
import {ClaudeClient, type ClaudeSettings} from "./claude-client.js";
import {toCommentaryDriver} from "./event-facts.js";
import {defaultRetryPolicy, generateGrounded, type RetryPolicy} from "./generate.js";
import {toGroundingFacts, type Ungrounded} from "./grounding.js";
import {describeDriver, GROUNDING_RULES, type CommentaryPrompt} from "./prompt.js";
import {toFactLines} from "./templates.js";

/** The race report's written summary: what the loader serializes. */
export interface RaceSummary {
  sessionId: string;
  /** Who wrote it: Claude, the templates, or nobody (the session has nothing to write from). */
  source: "claude" | "template" | "none";
  /** Why the templates (or nothing) stand in; null for Claude. */
  reason: string | null;
  model: string | null;
  paragraphs: string[];
  /** The events worth a line, in order: the same ids the live feed gives. */
  moments: {id: string; lap: number | null; kind: CommentaryEvent["kind"]; headline: string}[];
  /** Everything the summary may say. */
  facts: Record<string, FactValue>;
  /** Events detected in the whole session. */
  eventCount: number;
}

const MOMENT_KINDS = new Set<CommentaryEvent["kind"]>([
  "start",
  "finish",
  "red-flag",
  "safety-car",
  "virtual-safety-car",
  "retirement",
  "penalty",
  "rain-start",
]);

/** An event worth a line in the summary: the start and finish, stoppages, retirements, penalties, lead changes. */
function isMoment(event: CommentaryEvent): boolean {
  if (event.kind === "safety-car" || event.kind === "virtual-safety-car")
    return event.facts.phase === "deployed";
  return MOMENT_KINDS.has(event.kind) || (event.kind === "overtake" && event.facts.position === 1);
}

/**
 * Writes the post-race summary of an archived session from the events the live commentator would detect in
 * it (the archive replayed through the same timing model and detector): by Claude when `claude` is set, with
 * the same grounding check, one regeneration and the template as fallback; by the templates otherwise.
 */
export async function buildRaceSummary(options: {
  archive: ArchiveReader;
  path: string;
  sessionId: string;
  claude: ClaudeSettings | null;
  retry?: RetryPolicy;
}): Promise<RaceSummary> {
  const {events, finalState} = await detectArchiveEvents(options.archive, options.path, options.sessionId);
  const summary = toSummaryFacts(events, finalState);
  const moments = events
    .filter(isMoment)
    .map((event) => ({id: event.id, lap: event.lap, kind: event.kind, headline: event.headline}));
  const base = {sessionId: options.sessionId, moments, facts: summary.facts, eventCount: events.length};
  const template = toTemplateSummary(summary);
  if (template.length === 0)
    return {
      ...base,
      source: "none",
      reason: "the archive has no timing or race-control data to write from",
      model: null,
      paragraphs: [],
    };
  if (!options.claude)
    return {...base, source: "template", reason: "no API key configured", model: null, paragraphs: template};
  const roster = Object.values(finalState.drivers).map((driver) =>
    toCommentaryDriver(driver, driver.driverNumber),
  );
  const grounding = toGroundingFacts(summary.asEvent, roster);
  let text = "";
  const result = await generateGrounded({
    client: new ClaudeClient(options.claude),
    prompt: (problems) => toSummaryPrompt(summary, moments, problems),
    facts: grounding,
    policy: options.retry ?? defaultRetryPolicy,
    onText: (chunk) => (text += chunk),
    onRestart: () => (text = ""),
  });
  if (result.kind === "generated") {
    const paragraphs = result.text
      .split(/\n\s*\n/)
      .map((part) => part.trim())
      .filter(Boolean);
    return {...base, source: "claude", reason: null, model: options.claude.model, paragraphs};
  }
  const reason =
    result.kind === "ungrounded"
      ? `grounding: "${result.problems[0]?.text ?? ""}" is not in the facts, twice`
      : `the API failed (${result.error.kind}): ${result.error.message}`;
  return {...base, source: "template", reason, model: null, paragraphs: template};
}

interface SummaryFacts {
  facts: Record<string, FactValue>;
  /** The cars the summary may name, finishing order first. */
  drivers: CommentaryDriver[];
  /** All of it as one event, for the grounding check. */
  asEvent: CommentaryEvent;
  winner: CommentaryDriver | null;
  podium: CommentaryDriver[];
  events: CommentaryEvent[];
}

function toSummaryFacts(events: CommentaryEvent[], state: LiveState): SummaryFacts {
  const classified = Object.values(state.drivers)
    .filter((driver) => driver.position != null)
    .sort((a, b) => a.position! - b.position!);
  const named = (driver: LiveDriver) => toCommentaryDriver(driver, driver.driverNumber);
  const drivers = classified.map(named);
  const facts: Record<string, FactValue> = {};
  if (state.session.meetingName) facts.meeting = state.session.meetingName;
  if (state.session.name) facts.session = state.session.name;
  if (state.lapCount.current != null) facts.laps = state.lapCount.current;
  classified
    .slice(0, 10)
    .forEach((driver) => (facts[`P${driver.position}`] = driver.tla ?? `car ${driver.driverNumber}`));
  const fastest =
    classified.find((driver) => driver.bestLap.overallBest) ??
    Object.values(state.drivers).find((driver) => driver.bestLap.overallBest);
  if (fastest?.bestLap.time) {
    facts.fastestLap = `${fastest.tla ?? fastest.driverNumber} ${fastest.bestLap.time}`;
    if (!drivers.some((driver) => driver.driverNumber === fastest.driverNumber)) drivers.push(named(fastest));
  }
  const count = (kind: CommentaryEvent["kind"]) => events.filter((event) => event.kind === kind).length;
  facts.overtakesOnTrack = count("overtake");
  facts.pitStops = count("pit-stop");
  // Cars named by events (retirements, penalties, lead changes) may be named too.
  for (const event of events.filter(
    (candidate) => MOMENT_KINDS.has(candidate.kind) || candidate.kind === "overtake",
  ))
    for (const driver of event.drivers)
      if (!drivers.some((known) => known.driverNumber === driver.driverNumber)) drivers.push(driver);
  // What the moments say (headline, laps, facts) may be said again.
  const eventFacts = events
    .filter(isMoment)
    .map((event) => [event.headline, event.lap ?? "", ...Object.values(event.facts)].join(" "));
  const asEvent: CommentaryEvent = {
    id: "summary",
    kind: "finish",
    priority: 0,
    lap: state.lapCount.current,
    utc: null,
    offsetMs: 0,
    headline: eventFacts.join(" "),
    drivers,
    facts,
    context: {},
  };
  return {facts, drivers, asEvent, winner: drivers[0] ?? null, podium: drivers.slice(0, 3), events};
}

/** The template summary: who won, what stopped or neutralised the race, who retired or was penalised, the numbers. */
function toTemplateSummary(summary: SummaryFacts): string[] {
  const {facts, events, podium} = summary;
  const name = (driver: CommentaryDriver) => driver.name ?? driver.tla ?? `car ${driver.driverNumber}`;
  const title = [facts.meeting, facts.session].filter(Boolean).join(" ");
  const paragraphs: string[] = [];
  const [winner, second, third] = podium;
  if (winner && events.some((event) => event.kind === "finish")) {
    const rest = [second, third].filter((driver): driver is CommentaryDriver => driver != null).map(name);
    paragraphs.push(
      `${name(winner)} won the ${title}${rest.length > 0 ? `, ahead of ${rest.join(" and ")}` : ""}${facts.laps != null ? `, over ${facts.laps} laps` : ""}.`,
    );
  }
  const story: string[] = [];
  for (const event of events) {
    const lap = event.lap != null ? ` on lap ${event.lap}` : "";
    const who = event.drivers[0] ? name(event.drivers[0]) : null;
    if (event.kind === "red-flag") story.push(`A red flag stopped the session${lap}.`);
    if (event.kind === "safety-car" && event.facts.phase === "deployed")
      story.push(`The safety car came out${lap}.`);
    if (event.kind === "virtual-safety-car" && event.facts.phase === "deployed")
      story.push(`A virtual safety car was called${lap}.`);
    if (event.kind === "overtake" && event.facts.position === 1 && who && event.drivers[1])
      story.push(`${who} took the lead from ${name(event.drivers[1])}${lap}.`);
    if (event.kind === "retirement" && who)
      story.push(`${who} ${event.facts.status === "retired" ? "retired" : "stopped on track"}${lap}.`);
    if (event.kind === "penalty" && who)
      story.push(
        `${who} was given a ${event.facts.penalty}${event.facts.reason ? ` for ${event.facts.reason}` : ""}.`,
      );
    if (event.kind === "rain-start") story.push(`Rain fell${lap}.`);
  }
  if (story.length > 0) paragraphs.push(story.join(" "));
  const numbers: string[] = [];
  if (facts.fastestLap) numbers.push(`Fastest lap: ${facts.fastestLap}.`);
  if (Number(facts.pitStops) > 0 || Number(facts.overtakesOnTrack) > 0)
    numbers.push(`Timing saw ${facts.overtakesOnTrack} overtakes on track and ${facts.pitStops} pit stops.`);
  if (numbers.length > 0) paragraphs.push(numbers.join(" "));
  return paragraphs;
}

function toSummaryPrompt(
  summary: SummaryFacts,
  moments: RaceSummary["moments"],
  problems: Ungrounded[],
): CommentaryPrompt {
  const system = [
    "You write the post-race summary in PitWall, a Formula 1 analytics notebook: two or three short paragraphs, at most 180 words in all, for a reader who missed the race, from the facts you are given.",
    "Rules, all strict:",
    ...GROUNDING_RULES.map((rule, index) => `${index + 1}. ${rule}`),
  ].join("\n");
  const lines = [
    "Facts:",
    ...toFactLines(summary.facts).map((line) => `- ${line}`),
    "Drivers:",
    ...summary.drivers.map((driver) => `- ${describeDriver(driver)}`),
    "Moments, in order:",
    ...moments.map((moment) => `- ${moment.lap != null ? `lap ${moment.lap}: ` : ""}${moment.headline}`),
  ];
  if (problems.length > 0)
    lines.push(
      `Your previous summary used ${problems.map((problem) => `"${problem.text}"`).join(", ")}, which the facts do not contain. Write it again using only the facts.`,
    );
  lines.push("Write the summary now: plain paragraphs separated by a blank line.");
  return {system, user: lines.join("\n"), maxTokens: 500};
}
