import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, afterEach, beforeAll, describe, expect, it} from "vitest";
import {toCommentaryText, type LiveCommentaryLine} from "../../src/sport/commentary.js";
import type {ServerMessage} from "../../src/sport/kernel-messages.js";
import {
  startFakeAnthropic,
  toFakeClaudeSettings,
  type FakeAnthropic,
} from "../../test/fakes/anthropic-server.js";
import {startNodeKernel, type RunningKernel} from "../node.js";
import {LiveTestClient} from "../testing/live-test-client.js";
import {archive, control, MIAMI_ID, MIAMI_SPRINT} from "../testing/protocol-suite.js";
import {COMMENTARY_TOPIC} from "../timing/feed-event.js";

const token = "commentary-token";
/** Lap 12 of the Miami sprint: the pit window, then the safety car (lap 15). */
const PIT_WINDOW_MS = 5_540_000;

/**
 * The commentary through the whole kernel: a replay feeds the timing state, the commentator detects events
 * and writes lines with the official SDK against the fake Messages API, and a real WebSocket client sees them
 * grow token by token in the `commentary` topic.
 */
describe("live commentary through the kernel", () => {
  let fake: FakeAnthropic;
  let kernel: RunningKernel;
  let captureDir: string;
  const clients: LiveTestClient[] = [];

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    captureDir = await mkdtemp(join(tmpdir(), "pitwall-commentary-kernel-"));
    kernel = await startNodeKernel({
      captureDir,
      tokens: [token],
      sql: null,
      models: null,
      archive,
      commentary: {
        claude: toFakeClaudeSettings(fake),
        maxConcurrent: 4,
        maxQueueMs: 30_000,
      },
    });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await kernel?.close();
    await fake?.close();
    await rm(captureDir, {recursive: true, force: true});
  });

  it("a replayed race gives commentary that streams to WebSocket clients token by token, in the style they chose", async () => {
    const started = await control(kernel.url, token, "/v1/feeds/replay", {
      path: MIAMI_SPRINT,
      speed: 30,
      startAtMs: PIT_WINDOW_MS,
    });
    expect(started.status).toBe(201);
    const client = await LiveTestClient.connect(kernel.url);
    clients.push(client);
    client.subscribe(MIAMI_ID, {topics: ["commentary", "lapCount"]});
    await client.waitFor(() => client.seq >= 0, 10_000, "snapshot");
    client.sendJson({op: "commentary", style: "technical", length: "medium"});
    await client.waitFor(
      () => client.messages.some((message) => message.t === "commentary"),
      5_000,
      "commentary ack",
    );

    const lines = () => Object.values(client.state?.commentary?.lines ?? {}) as LiveCommentaryLine[];
    const technical = () => lines().filter((line) => line.style === "technical" && line.length === "medium");
    await client.waitFor(
      () => technical().filter((line) => line.status === "done" && line.source === "claude").length >= 3,
      60_000,
      "three technical lines from Claude",
    );
    await control(kernel.url, token, `/v1/sessions/${MIAMI_ID}/replay/pause`);

    const done = technical().filter((line) => line.status === "done" && line.source === "claude");
    for (const line of done) expect(toCommentaryText(line)).toBe(`${line.headline}.`);
    expect(done.map((line) => line.kind)).toContain("pit-stop");
    // Token by token: the client got one sequenced patch per word of a line (several may share a message when
    // they arrive together), each adding one token, never the finished text at once.
    const longest = done.reduce((a, b) => (b.tokens.length > a.tokens.length ? b : a));
    expect(longest.tokens.length).toBeGreaterThanOrEqual(4);
    const growths = client.messages
      .flatMap((message: ServerMessage) => (message.t === "delta" ? message.d : []))
      .map(
        ([, patch]) =>
          (patch as {commentary?: {lines?: Record<string, {tokens?: Record<string, string>}>}}).commentary
            ?.lines?.[longest.id]?.tokens,
      )
      .filter((tokens): tokens is Record<string, string> => tokens != null && !Array.isArray(tokens));
    expect(growths.length).toBe(longest.tokens.length);
    for (const growth of growths) expect(Object.keys(growth)).toHaveLength(1);
    expect(client.violations).toEqual([]);
    // The prompts asked for the engineer's voice and carried only facts from the timing state.
    const technicalRequests = fake.requests.filter((request) =>
      JSON.stringify(request.body.system).includes("race engineer"),
    );
    expect(technicalRequests.length).toBeGreaterThanOrEqual(3);

    // The lines are in the session's capture, so a replay of it (or a restart) keeps them.
    const channel = kernel.kernel.deps.hub.get(MIAMI_ID)!;
    expect(channel.log.readAll().some((event) => event.topic === COMMENTARY_TOPIC)).toBe(true);

    const status = (await (await fetch(`${kernel.url}/v1/commentary`)).json()) as {
      mode: string;
      stats: Record<string, unknown>;
    };
    expect(status.mode).toBe("claude");
    expect(status.stats.groundingChecked).toBeGreaterThanOrEqual(3);
    const metrics = await (await fetch(`${kernel.url}/v1/metrics`)).text();
    expect(metrics).toMatch(/^pitwall_commentary_grounding_checked_total \d+$/m);
    expect(metrics).toMatch(/^pitwall_commentary_grounding_replaced_total 0$/m);
    expect(metrics).toMatch(/^pitwall_commentary_events_total\{kind="pit-stop"\} \d+$/m);
  }, 90_000);

  it("refuses a commentary choice that is not a style, and one sent before subscribing", async () => {
    const client = await LiveTestClient.connect(kernel.url);
    clients.push(client);
    client.sendJson({op: "commentary", style: "technical", length: "short"});
    await client.waitFor(() => client.messages.some((message) => message.t === "error"), 5_000, "error");
    expect(client.messages.find((message) => message.t === "error")).toMatchObject({code: "not-subscribed"});
    client.subscribe(MIAMI_ID, {topics: ["lapCount"]});
    client.sendJson({op: "commentary", style: "<script>", length: "short"});
    expect(await client.closed()).toBe(4422);
  });
});
