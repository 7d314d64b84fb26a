import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, describe, expect, it} from "vitest";
import {toCommentaryText, type LiveCommentaryLine} from "../../src/sport/commentary.js";
import {
  startFakeAnthropic,
  toFakeClaudeSettings,
  userText,
  type FakeAnthropic,
} from "../../test/fakes/anthropic-server.js";
import {createFileLogStore, LiveHub} from "../live/hub.js";
import type {SessionChannel} from "../live/session-channel.js";
import {COMMENTARY_TOPIC, RESET_TOPIC} from "../timing/feed-event.js";
import type {ClaudeSettings} from "./claude-client.js";
import {Commentator, type CommentatorOptions} from "./commentator.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function settingsFor(fake: {url: string; apiKey: string}): ClaudeSettings {
  return toFakeClaudeSettings(fake, {
    requestTimeoutMs: 2_000,
    firstTokenTimeoutMs: 2_000,
    idleTimeoutMs: 2_000,
  });
}

async function fakeServer(options: Parameters<typeof startFakeAnthropic>[0] = {}): Promise<FakeAnthropic> {
  const fake = await startFakeAnthropic(options);
  cleanups.push(() => fake.close());
  return fake;
}

/**
 * A commentator over a hub holding one session: a race under way with three cars. The commentator joins once
 * the race is set up, so it tells only what race control says from then on.
 */
async function race(options: Partial<CommentatorOptions> & {claude: ClaudeSettings | null}) {
  const folder = await mkdtemp(join(tmpdir(), "pitwall-commentary-"));
  const hub = new LiveHub(createFileLogStore(folder));
  const channel = hub.open("test-race");
  let offset = 0;
  const feed = (topic: string, change: unknown) =>
    channel.ingest({topic, offsetMs: (offset += 1_000), utc: null, change});
  const setUp = () => {
    feed("SessionInfo", {Type: "Race", Name: "Race", Meeting: {Name: "Test Grand Prix"}});
    feed("DriverList", {
      "1": {RacingNumber: "1", Tla: "VER", BroadcastName: "M VERSTAPPEN", TeamName: "Red Bull Racing"},
      "4": {RacingNumber: "4", Tla: "NOR", BroadcastName: "L NORRIS", TeamName: "McLaren"},
      "16": {RacingNumber: "16", Tla: "LEC", BroadcastName: "C LECLERC", TeamName: "Ferrari"},
    });
    feed("LapCount", {CurrentLap: 12, TotalLaps: 50});
    feed("TimingData", {
      Lines: {
        "1": {Position: "1", NumberOfLaps: 11},
        "4": {Position: "2", NumberOfLaps: 11},
        "16": {Position: "3", NumberOfLaps: 11},
      },
    });
    feed("SessionStatus", {Status: "Started"});
  };
  setUp();
  const commentator = new Commentator(hub, {
    retry: {maxRetries: 2, baseBackoffMs: 20, maxBackoffMs: 100, maxRetryWaitMs: 1_000},
    restMs: 200,
    maxRestMs: 400,
    ...options,
  });
  commentator.start();
  // The first event it sees in a session with history primes its detector (as after a restart).
  feed("Heartbeat", {});
  cleanups.push(async () => {
    commentator.stop();
    hub.close();
    await rm(folder, {recursive: true, force: true});
  });
  let messages = 0;
  /** Race control says something: one event per message. */
  const raceControl = (message: string, fields: Record<string, unknown> = {}) =>
    feed("RaceControlMessages", {
      Messages: {[messages++]: {Category: "Other", Lap: 12, Message: message, ...fields}},
    });
  const startOver = () => {
    feed(RESET_TOPIC, {});
    messages = 0;
    setUp();
  };
  return {hub, channel, commentator, feed, raceControl, startOver, folder};
}

const lines = (channel: SessionChannel): LiveCommentaryLine[] =>
  Object.values(channel.model.state.commentary?.lines ?? {}).sort((a, b) => a.order - b.order);

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false,
  timeoutMs = 8_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const doneLines = (channel: SessionChannel, count: number) =>
  waitFor(`${count} finished lines`, () => {
    const all = lines(channel);
    return all.length >= count && all.every((line) => line.status === "done") && all;
  });

const PENALTY = "FIA STEWARDS: 10 SECOND TIME PENALTY FOR CAR 1 (VER) - UNSAFE RELEASE";
const INVESTIGATION = "TURN 4 INCIDENT INVOLVING CARS 4 (NOR) AND 16 (LEC) NOTED - CAUSING A COLLISION";

describe("Commentator against the fake Messages API", () => {
  it("writes each event's line from Claude, token by token into the session's log", async () => {
    const fake = await fakeServer();
    fake.script({reply: "Bad news for Verstappen: a 10 second time penalty for unsafe release."});
    const {channel, commentator, raceControl} = await race({claude: settingsFor(fake)});
    raceControl(PENALTY);
    const [line] = await doneLines(channel, 1);
    expect(line).toMatchObject({
      kind: "penalty",
      source: "claude",
      reason: null,
      style: "casual",
      length: "short",
    });
    expect(toCommentaryText(line!)).toBe(
      "Bad news for Verstappen: a 10 second time penalty for unsafe release.",
    );
    const appends = channel.log
      .readAll()
      .filter((event) => event.topic === COMMENTARY_TOPIC && (event.change as {op: string}).op === "append");
    expect(appends.length).toBeGreaterThanOrEqual(10);
    const prompt = userText(fake.requests[0]!.body);
    expect(prompt).toContain("Headline: 10 second time penalty for VER");
    expect(prompt).toContain("- penalty: 10 second time penalty");
    expect(commentator.stats.get("generatedLines")).toBe(1);
  });

  it("rejects a reply that invents a lap time, regenerates once, and shows only the grounded text", async () => {
    const fake = await fakeServer();
    fake.script(
      {reply: "Verstappen penalised after a 1:31.2 lap in the pit lane!"},
      {reply: "Verstappen gets a 10 second time penalty for unsafe release."},
    );
    const {channel, commentator, raceControl} = await race({claude: settingsFor(fake)});
    raceControl(PENALTY);
    const [line] = await doneLines(channel, 1);
    expect(toCommentaryText(line!)).toBe("Verstappen gets a 10 second time penalty for unsafe release.");
    expect(line!.source).toBe("claude");
    expect(fake.requests).toHaveLength(2);
    expect(userText(fake.requests[1]!.body)).toMatch(/previous line used "1:31\.2"/);
    expect(commentator.stats.toJSON()).toMatchObject({
      groundingChecked: 2,
      groundingRejected: 1,
      groundingRegenerated: 1,
      groundingReplaced: 0,
    });
    expect(JSON.stringify(channel.log.readAll())).not.toContain("1:31");
  });

  it("replaces a line that fails the check twice with its template, and counts it", async () => {
    const fake = await fakeServer();
    fake.script({reply: "Verstappen after a 1:31.2 lap!"}, {reply: "Verstappen, on lap 37, penalised."});
    const {channel, commentator, raceControl} = await race({claude: settingsFor(fake)});
    raceControl(PENALTY);
    const [line] = await doneLines(channel, 1);
    expect(line!.source).toBe("template");
    expect(line!.reason).toMatch(/^grounding: "37"/);
    expect(toCommentaryText(line!)).toBe(
      "Bad news for Verstappen: a 10 second time penalty for unsafe release.",
    );
    expect(commentator.stats.toJSON()).toMatchObject({groundingRejected: 2, groundingReplaced: 1});
    expect(commentator.stats.getLabelled("templateLines")).toEqual({grounding: 1});
  });

  it("retries 429 after its retry-after, 529, 500 and a stream cut mid-way, then streams the reply clean", async () => {
    const fake = await fakeServer();
    fake.script(
      {status: 429, retryAfter: 0.3},
      {status: 529},
      {reply: "Verstappen gets a penalty, a long one", cutAfter: 3},
      {reply: "Verstappen gets a 10 second time penalty."},
    );
    const {channel, commentator, raceControl} = await race({
      claude: settingsFor(fake),
      retry: {maxRetries: 3, baseBackoffMs: 20, maxBackoffMs: 100, maxRetryWaitMs: 1_000},
    });
    raceControl(PENALTY);
    const [line] = await doneLines(channel, 1);
    expect(toCommentaryText(line!)).toBe("Verstappen gets a 10 second time penalty.");
    expect(line!.source).toBe("claude");
    expect(fake.requests.map((request) => request.answer)).toEqual(["429", "529", "cut", "reply"]);
    expect(fake.requests[1]!.at - fake.requests[0]!.at).toBeGreaterThanOrEqual(290);
    expect(commentator.stats.getLabelled("retries")).toEqual({"rate-limited": 1, overloaded: 1, cut: 1});
    // The words shown before the cut were taken back before the retry.
    const replaced = channel.log
      .readAll()
      .filter((event) => event.topic === COMMENTARY_TOPIC && (event.change as {op: string}).op === "replace");
    expect(replaced.length).toBeGreaterThanOrEqual(1);

    fake.script({status: 500}, {status: 500}, {status: 500}, {status: 500});
    raceControl(INVESTIGATION);
    const second = (await doneLines(channel, 2))[1]!;
    expect(second.source).toBe("template");
    expect(second.reason).toBe("API error");
  });

  it("falls back to templates when the API is down, and hands back to Claude when it returns", async () => {
    const fake = await fakeServer();
    const {url, apiKey, port} = fake;
    await fake.close();
    const {channel, commentator, raceControl} = await race({claude: settingsFor({url, apiKey})});
    raceControl(PENALTY);
    const [down] = await doneLines(channel, 1);
    expect([down!.source, down!.reason]).toEqual(["template", "API unreachable"]);
    expect(commentator.status()).toMatchObject({mode: "template", reason: "API unreachable"});
    raceControl(INVESTIGATION);
    const resting = (await doneLines(channel, 2))[1]!;
    expect([resting.source, resting.reason]).toEqual(["template", "API unreachable"]);

    const back = await fakeServer({port, apiKey});
    await new Promise((resolve) => setTimeout(resolve, 450));
    raceControl("FIA STEWARDS: INCIDENT INVOLVING CAR 16 (LEC) UNDER INVESTIGATION - UNSAFE RELEASE");
    const returned = (await doneLines(channel, 3))[2]!;
    expect(returned.source).toBe("claude");
    expect(back.requests).toHaveLength(1);
    expect(commentator.status().mode).toBe("claude");
  });

  it("after a restart, tells nothing twice and ends the lines it left half-written", async () => {
    const fake = await fakeServer();
    fake.script({hang: true});
    const first = await race({claude: settingsFor(fake)});
    first.raceControl(PENALTY);
    await waitFor("a queued line", () => lines(first.channel).find((line) => line.status !== "done"));
    first.commentator.stop();
    first.channel.stop();
    first.channel.log.close();
    // The kernel comes back on the same capture: the session is restored from its log, then the feed goes on.
    const hub = new LiveHub(createFileLogStore(first.folder));
    const [channel] = hub.restore();
    const commentator = new Commentator(hub, {claude: settingsFor(fake)});
    commentator.start();
    cleanups.push(async () => {
      commentator.stop();
      hub.close();
    });
    channel!.ingest({topic: "Heartbeat", offsetMs: 99_000, utc: null, change: {}});
    const [interrupted] = await doneLines(channel!, 1);
    expect(interrupted).toMatchObject({
      kind: "penalty",
      source: "template",
      reason: "interrupted: the kernel restarted",
    });
    expect(toCommentaryText(interrupted!)).toBe("10 second time penalty for VER.");
    channel!.ingest({
      topic: "RaceControlMessages",
      offsetMs: 100_000,
      utc: null,
      change: {Messages: {"1": {Category: "Other", Lap: 12, Message: INVESTIGATION}}},
    });
    const after = await doneLines(channel!, 2);
    expect(after.map((line) => line.kind)).toEqual(["penalty", "investigation"]);
    expect(fake.requests).toHaveLength(2);
  });

  it("without an API key writes template lines at once, labelled as such", async () => {
    const {channel, commentator, raceControl} = await race({claude: null});
    raceControl(PENALTY);
    const [line] = await doneLines(channel, 1);
    expect(line).toMatchObject({source: "template", reason: "no API key configured", status: "done"});
    expect(commentator.status()).toMatchObject({
      mode: "template",
      reason: "no API key configured (ANTHROPIC_API_KEY)",
    });
  });

  it("holds the request budget: requests per minute, then the session's token cap", async () => {
    const fake = await fakeServer();
    const {channel, raceControl} = await race({
      claude: settingsFor(fake),
      budget: {requestsPerMinute: 2, tokensPerSession: 100_000},
      maxQueueMs: 300,
    });
    for (let car = 0; car < 4; car++) raceControl(`${PENALTY} ${car}`, {Lap: 12});
    const all = await doneLines(channel, 4);
    expect(fake.requests).toHaveLength(2);
    expect(all.filter((line) => line.source === "claude")).toHaveLength(2);
    expect(all.filter((line) => line.reason === "budget: requests per minute")).toHaveLength(2);

    const capped = await fakeServer();
    // One request's estimate (prompt / 4 + max_tokens) is about 400 tokens: the cap leaves room for one.
    const second = await race({
      claude: settingsFor(capped),
      budget: {requestsPerMinute: 100, tokensPerSession: 600},
    });
    second.raceControl(PENALTY);
    expect((await doneLines(second.channel, 1))[0]!.source).toBe("claude");
    expect(second.commentator.status().budget.tokensBySession["test-race"]).toBeGreaterThan(200);
    second.raceControl(INVESTIGATION);
    const [, refused] = await doneLines(second.channel, 2);
    expect(capped.requests).toHaveLength(1);
    expect(refused!.reason).toBe("budget: session token cap reached");
  });

  it("a red flag outranks what is already queued", async () => {
    const fake = await fakeServer();
    fake.script({reply: "Verstappen gets a 10 second time penalty.", delayMs: 300});
    const {channel, raceControl} = await race({claude: settingsFor(fake), maxConcurrent: 1});
    raceControl(PENALTY);
    raceControl(INVESTIGATION);
    raceControl("RED FLAG", {Category: "Flag", Flag: "RED", Scope: "Track"});
    await doneLines(channel, 3);
    expect(fake.requests.map((request) => /^Event: (.*)$/m.exec(userText(request.body))?.[1])).toEqual([
      "penalty",
      "red-flag",
      "investigation",
    ]);
  });

  it("answers an identical prompt from its cache (a replay that starts over), and writes each asked-for style", async () => {
    const fake = await fakeServer();
    const {channel, commentator, raceControl, startOver} = await race({claude: settingsFor(fake)});
    raceControl(PENALTY);
    await doneLines(channel, 1);
    expect(fake.requests).toHaveLength(1);
    // The replay starts over: the same session, the same messages, the same prompts (its start is told again).
    startOver();
    raceControl(PENALTY);
    const again = await doneLines(channel, 2);
    expect(again.map((line) => line.kind)).toEqual(["start", "penalty"]);
    expect(fake.requests).toHaveLength(2);
    expect(commentator.stats.get("cacheHits")).toBe(1);

    const reader = {};
    const engineer = {};
    commentator.setDemand(reader, "test-race", "data", "short");
    commentator.setDemand(engineer, "test-race", "technical", "long");
    raceControl("5 SECOND TIME PENALTY FOR CAR 1 (VER) - TRACK LIMITS");
    const written = await doneLines(channel, 4);
    expect(
      written
        .slice(2)
        .map((line) => `${line.style}/${line.length}`)
        .sort(),
    ).toEqual(["data/short", "technical/long"]);
    const systems = fake.requests.slice(2).map((request) => JSON.stringify(request.body.system));
    expect(systems.some((system) => system.includes("race engineer"))).toBe(true);
    expect(systems.some((system) => system.includes("data analyst"))).toBe(true);
    commentator.release(reader);
    commentator.release(engineer);
    expect(commentator.variantsFor("test-race")).toEqual([{style: "casual", length: "short"}]);
  });
});
