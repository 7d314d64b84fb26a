import {afterEach, describe, expect, it} from "vitest";
import {
  startFakeAnthropic,
  toFakeClaudeSettings,
  type FakeAnthropic,
} from "../../test/fakes/anthropic-server.js";
import {ClaudeClient, ClaudeError, type ClaudeSettings} from "./claude-client.js";

const prompt = {
  system: "You are a commentator.",
  user: "Headline: VER passes NOR for P2\nWrite the line now.",
  maxTokens: 80,
};
let fake: FakeAnthropic | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

function clientFor(server: {url: string; apiKey: string}, overrides: Partial<ClaudeSettings> = {}) {
  return new ClaudeClient(
    toFakeClaudeSettings(server, {
      requestTimeoutMs: 2_000,
      firstTokenTimeoutMs: 2_000,
      idleTimeoutMs: 2_000,
      ...overrides,
    }),
  );
}

async function failure(promise: Promise<unknown>): Promise<ClaudeError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ClaudeError);
  return error as ClaudeError;
}

describe("ClaudeClient against the fake Messages API (the official SDK over real HTTP and SSE)", () => {
  it("streams the reply delta by delta with the API's headers and body, and reads the usage", async () => {
    fake = await startFakeAnthropic();
    fake.script({reply: "Verstappen gets past Norris for P2!"});
    const deltas: string[] = [];
    const reply = await clientFor(fake).stream(prompt, (text) => deltas.push(text));
    expect(deltas).toEqual(["Verstappen", " gets", " past", " Norris", " for", " P2!"]);
    expect(reply.text).toBe("Verstappen gets past Norris for P2!");
    expect(reply.usage.outputTokens).toBe(6);
    expect(reply.usage.inputTokens).toBeGreaterThan(0);
    expect(reply.stopReason).toBe("end_turn");
    const [request] = fake.requests;
    expect(request!.headers["x-api-key"] ?? request!.headers.authorization).toMatch(fake.apiKey);
    expect(request!.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(request!.body).toMatchObject({model: "claude-haiku-4-5", max_tokens: 80, stream: true});
    expect(request!.body.system).toEqual([
      {type: "text", text: prompt.system, cache_control: {type: "ephemeral"}},
    ]);
  });

  it("reports 429 with its retry-after, 529 and 500 as retryable, 401 and 400 as not", async () => {
    fake = await startFakeAnthropic();
    fake.script({status: 429, retryAfter: 3}, {status: 529}, {status: 500});
    const client = clientFor(fake);
    const limited = await failure(client.stream(prompt, () => {}));
    expect([limited.kind, limited.status, limited.retryAfterMs, limited.retryable]).toEqual([
      "rate-limited",
      429,
      3000,
      true,
    ]);
    expect((await failure(client.stream(prompt, () => {}))).kind).toBe("overloaded");
    expect((await failure(client.stream(prompt, () => {}))).kind).toBe("server");
    const refused = await failure(clientFor({url: fake.url, apiKey: "wrong"}).stream(prompt, () => {}));
    expect([refused.kind, refused.retryable]).toEqual(["auth", false]);
    const invalid = await failure(clientFor(fake, {model: ""}).stream(prompt, () => {}));
    expect([invalid.kind, invalid.status]).toEqual(["invalid", 400]);
  });

  it("tells a stream cut mid-way and an SSE error event apart from a finished reply", async () => {
    fake = await startFakeAnthropic();
    fake.script(
      {reply: "one two three four five", cutAfter: 2},
      {reply: "one two three four five", errorAfter: 3, errorType: "overloaded_error"},
    );
    const client = clientFor(fake);
    const seen: string[] = [];
    const cut = await failure(client.stream(prompt, (text) => seen.push(text)));
    expect(cut.kind).toBe("cut");
    expect(seen).toEqual(["one", " two"]);
    const errored = await failure(client.stream(prompt, () => {}));
    expect([errored.kind, errored.retryable]).toEqual(["overloaded", true]);
  });

  it("times out a request that never answers, and a server that is not there is unreachable", async () => {
    fake = await startFakeAnthropic();
    fake.script({hang: true});
    const timedOut = await failure(
      clientFor(fake, {requestTimeoutMs: 200, firstTokenTimeoutMs: 200}).stream(prompt, () => {}),
    );
    expect(timedOut.kind).toBe("timeout");
    const {url, apiKey} = fake;
    await fake.close();
    fake = null;
    expect((await failure(clientFor({url, apiKey}).stream(prompt, () => {}))).kind).toBe("unreachable");
  });
});
