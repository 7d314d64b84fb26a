import type {CommentaryDriver, CommentaryEvent, FactValue} from "../../src/sport/commentary.js";

/**
 * What a commentary text may mention, built from an event's facts. The rules (see `findUngrounded`):
 *
 * - **Numbers**: every number in the text (lap numbers, positions as "P3" or "3rd", times "1:36.368", gaps
 *   "+0.742", seconds "22.3", percentages, car numbers, counts spelled "two" to "twenty" or "third" to
 *   "twentieth") must equal a number in the facts, or that number rounded to the decimals the text shows. A
 *   time may be written as m:ss.sss or in seconds. "One", "first" and "second" are not checked: they are too
 *   often plain English ("a second", "for the first time").
 * - **Drivers and teams**: a driver or team of the session that is not among the event's drivers (or the
 *   leader in its context) must not be named: not by three-letter code, surname, or team name.
 * - **Other names**: a capitalised word inside a sentence (a name) must appear in the facts or be race
 *   vocabulary (Safety Car, DRS, Turn, the tyre compounds, ...). A word that starts a sentence is checked only
 *   against the session's drivers and teams: without a dictionary, "Brilliant" and "Senna" look alike there.
 */
export interface GroundingFacts {
  numbers: number[];
  /** Lower-cased words of the facts. */
  words: Set<string>;
  /** Names of the session's drivers and teams that this event does not involve (as written, or in capitals). */
  forbidden: string[];
}

/** Something in a text that the facts do not support. */
export interface Ungrounded {
  text: string;
  kind: "number" | "driver or team" | "name";
}

const NUMBER_WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
};

/** Race vocabulary a text may capitalise without it being in the facts. */
const RACE_WORDS = new Set(
  (
    "safety car virtual vsc sc drs turn sector lap laps grand prix sprint race qualifying practice formula f1 " +
    "fia stewards steward race control red yellow green blue double flag flags chequered checkered soft " +
    "medium hard intermediate intermediates inter inters wet wets hypersoft ultrasoft supersoft pit pits " +
    "lane box i p ok q1 q2 q3 sq1 sq2 sq3 fastest personal best c km kph"
  ).split(" "),
);

/** Team name words too common to name a team on their own ("Red" Bull, "Racing" Bulls). */
const GENERIC_TEAM_WORDS = new Set([
  "red",
  "racing",
  "scuderia",
  "team",
  "kick",
  "visa",
  "cash",
  "bwt",
  "f1",
]);

/** The facts a text about `event` may use; `roster` is every car of the session. */
export function toGroundingFacts(
  event: CommentaryEvent,
  roster: readonly CommentaryDriver[],
): GroundingFacts {
  const leaderTla = typeof event.context.leader === "string" ? event.context.leader : null;
  const allowed = [
    ...event.drivers,
    ...roster.filter((driver) => driver.tla != null && driver.tla === leaderTla),
  ];
  const values: FactValue[] = [
    ...Object.values(event.facts),
    ...Object.values(event.context),
    event.headline,
  ];
  for (const driver of allowed) {
    values.push(driver.driverNumber);
    for (const value of [driver.tla, driver.name, driver.team, driver.position])
      if (value != null) values.push(value);
  }
  const numbers: number[] = [];
  const words = new Set<string>();
  for (const value of values) {
    if (typeof value === "number") {
      numbers.push(value);
      continue;
    }
    for (const token of numberTokens(value)) numbers.push(token.value);
    for (const word of value.toLowerCase().match(/[\p{L}][\p{L}'’-]*/gu) ?? [])
      words.add(stripPossessive(word));
  }
  const allowedNumbers = new Set(allowed.map((driver) => driver.driverNumber));
  const allowedTeams = new Set(allowed.map((driver) => driver.team?.toLowerCase()).filter(Boolean));
  const forbidden = new Set<string>();
  const forbid = (phrase: string) => {
    if (words.has(phrase.toLowerCase())) return;
    forbidden.add(phrase);
    forbidden.add(phrase.toUpperCase());
  };
  for (const driver of roster) {
    if (allowedNumbers.has(driver.driverNumber)) continue;
    if (driver.tla) forbid(driver.tla);
    if (driver.name) forbid(driver.name);
  }
  for (const team of new Set(roster.map((driver) => driver.team).filter((team): team is string => !!team))) {
    if (allowedTeams.has(team.toLowerCase())) continue;
    for (const phrase of teamPhrases(team)) forbid(phrase);
  }
  return {numbers, words, forbidden: [...forbidden]};
}

/** What in `text` the facts do not support; empty when it is grounded. */
export function findUngrounded(text: string, facts: GroundingFacts): Ungrounded[] {
  const found: Ungrounded[] = [];
  for (const token of numberTokens(text)) {
    if (!facts.numbers.some((number) => matchesNumber(number, token.value, token.decimals)))
      found.push({text: token.text, kind: "number"});
  }
  for (const word of text.match(/\b[A-Za-z]+\b/g) ?? []) {
    const value = NUMBER_WORDS[word.toLowerCase()];
    if (value != null && !facts.numbers.includes(value)) found.push({text: word, kind: "number"});
  }
  for (const phrase of facts.forbidden) {
    const pattern = new RegExp(`(?<![\\p{L}])${escapeRegExp(phrase)}(?![\\p{L}])`, "u");
    const match = pattern.exec(text);
    if (match) found.push({text: match[0], kind: "driver or team"});
  }
  for (const {word, sentenceStart} of capitalisedWords(text)) {
    if (sentenceStart) continue;
    const lower = stripPossessive(word.toLowerCase());
    if (facts.words.has(lower) || RACE_WORDS.has(lower)) continue;
    found.push({text: word, kind: "name"});
  }
  return found;
}

/**
 * Checks a text as it streams in, so nothing unchecked reaches a reader: `push` takes the next chunk and
 * returns the part that may be shown now. Text is released up to the last complete word; a capitalised word
 * at the end is held back too, since the next word may complete a name ("Aston" + " Martin").
 */
export class StreamingGroundingCheck {
  private text = "";
  private released = 0;

  constructor(private readonly facts: GroundingFacts) {}

  /** Adds a chunk; returns text now safe to show, or the first problem found. */
  push(chunk: string): {release: string; problem: Ungrounded | null} {
    this.text += chunk;
    return this.check(this.safeBoundary());
  }

  /** The stream ended: checks and releases the rest. */
  finish(): {release: string; problem: Ungrounded | null} {
    return this.check(this.text.length);
  }

  get fullText(): string {
    return this.text;
  }

  private check(boundary: number): {release: string; problem: Ungrounded | null} {
    if (boundary <= this.released) return {release: "", problem: null};
    const problem = findUngrounded(this.text.slice(0, boundary), this.facts)[0] ?? null;
    if (problem) return {release: "", problem};
    const release = this.text.slice(this.released, boundary);
    this.released = boundary;
    return {release, problem: null};
  }

  private safeBoundary(): number {
    let boundary = lastWhitespace(this.text);
    // A lower-case word (or punctuation) after the boundary ends any name before it.
    if (/^[^\p{Lu}]/u.test(this.text.slice(boundary).trimStart())) return boundary;
    for (;;) {
      const before = this.text.slice(0, boundary).trimEnd();
      const lastWord = /(\S+)$/.exec(before);
      if (!lastWord || !/^[\p{Lu}]/u.test(lastWord[1]!)) break;
      boundary = before.slice(0, before.length - lastWord[1]!.length).trimEnd().length;
    }
    return boundary;
  }
}

interface NumberToken {
  text: string;
  value: number;
  decimals: number;
}

/** Numbers in a text: "1:36.368" (as seconds), "+0.742", "22.3", "P3", "3rd", "61%", "10-second". */
export function numberTokens(text: string): NumberToken[] {
  const tokens: NumberToken[] = [];
  for (const match of text.matchAll(/(?:(\d+):)?(\d+)(?:\.(\d+))?/g)) {
    const [whole, minutes, integer, fraction] = match;
    // A word like "Q3" or "F1" names a session or a series; only its digits would be checked otherwise.
    const before = text.charAt((match.index ?? 0) - 1);
    if (/[A-OQ-Za-z]/.test(before) && !/^P$/i.test(before)) continue;
    const seconds = Number(`${integer}${fraction ? `.${fraction}` : ""}`);
    tokens.push({
      text: whole,
      value: minutes ? Number(minutes) * 60 + seconds : seconds,
      decimals: fraction?.length ?? 0,
    });
  }
  return tokens;
}

function matchesNumber(fact: number, value: number, decimals: number): boolean {
  if (Math.abs(fact - value) < 1e-9) return true;
  const scale = 10 ** decimals;
  return Math.abs(Math.round(fact * scale) / scale - value) < 1e-9;
}

function capitalisedWords(text: string): {word: string; sentenceStart: boolean}[] {
  const words: {word: string; sentenceStart: boolean}[] = [];
  for (const match of text.matchAll(/[\p{L}][\p{L}'’-]*/gu)) {
    const word = match[0];
    if (!/^\p{Lu}/u.test(word)) continue;
    const before = text.slice(0, match.index).trimEnd();
    const sentenceStart = before === "" || /[.!?:;"“(—–-]$/.test(before);
    words.push({word, sentenceStart});
  }
  return words;
}

function teamPhrases(team: string): string[] {
  const words = team.split(/\s+/);
  const phrases = [team];
  if (words.length > 1) phrases.push(words.slice(0, 2).join(" "));
  if (words[0] && words[0].length >= 4 && !GENERIC_TEAM_WORDS.has(words[0].toLowerCase()))
    phrases.push(words[0]);
  return [...new Set(phrases)];
}

function stripPossessive(word: string): string {
  return word.replace(/['’]s$/, "");
}

function lastWhitespace(text: string): number {
  const match = /\s(?=\S*$)/.exec(text);
  return match ? match.index : 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
