import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {readRecorded} from "../../test/fakes/openf1-harness.js";
import {startFakeOpenF1, type FakeOpenF1} from "../../test/fakes/openf1-server.js";

// The fake OpenF1 must answer like the real one, or the client tests prove nothing: these pin its wire
// behaviour (status codes, error bodies, query quirks) with plain HTTP requests.

let fake: FakeOpenF1;
beforeAll(async () => {
  fake = await startFakeOpenF1({rateLimit: null});
});
afterAll(() => fake.close());

async function get(pathAndQuery: string, init?: RequestInit) {
  const response = await fetch(`${fake.baseUrl.replace(/\/v1$/, "")}${pathAndQuery}`, init);
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    text: await response.text(),
  };
}

describe("the fake OpenF1's wire protocol", () => {
  it("answers a JSON array, and 404 {detail: 'No results found.'} when nothing matches", async () => {
    const found = await get("/v1/pit?session_key=9606");
    expect(found.status).toBe(200);
    expect(found.type).toMatch(/application\/json/);
    expect(JSON.parse(found.text)).toEqual(readRecorded("pit"));
    expect(await get("/v1/stints?session_key=9606")).toMatchObject({
      status: 404,
      text: `{"detail":"No results found."}`,
    });
  });

  it("reads operators from raw or escaped query strings, '+' as a space, and the last of a repeated key", async () => {
    const raw = JSON.parse((await get("/v1/pit?session_key=9606&pit_duration<29.2")).text) as unknown[];
    const escaped = JSON.parse((await get("/v1/pit?session_key=9606&pit_duration%3C29.2")).text) as unknown[];
    expect(escaped).toEqual(raw);
    expect(raw).toHaveLength(readRecorded("pit").filter((row) => (row.pit_duration as number) < 29.2).length);
    const lastWins = JSON.parse(
      (await get("/v1/drivers?session_key=9606&driver_number=1&driver_number=44")).text,
    );
    expect(lastWins.map((row: {driver_number: number}) => row.driver_number)).toEqual([44]);
    const spaced = JSON.parse(
      (await get("/v1/meetings?country_name=Singapore&meeting_name=Singapore+Grand+Prix")).text,
    );
    expect(spaced).toHaveLength(1);
  });

  it("resolves session_key=latest to the newest session it holds", async () => {
    const rows = JSON.parse((await get("/v1/laps?session_key=latest&driver_number=1&lap_number=2")).text);
    expect(rows).toHaveLength(1);
    expect(rows[0].session_key).toBe(9606);
  });

  it("fails like OpenF1 on a filter without an operator, a bad route or a bad method", async () => {
    const noOperator = await get("/v1/laps?session_key");
    expect(noOperator.status).toBe(500);
    expect(noOperator.type).toMatch(/text\/html/);
    expect(noOperator.text).toMatch(/No valid operator found in `session_key`/);
    expect((await get("/v1/laps/extra")).status).toBe(500);
    expect(await get("/v1/laps?session_key=9606", {method: "DELETE"})).toMatchObject({status: 405});
    expect(await get("/")).toMatchObject({status: 200, text: "Welcome to OpenF1!"});
  });

  it("enforces 30 requests per 10 s with OpenF1's 429 body when asked to", async () => {
    const limited = await startFakeOpenF1({now: () => 0});
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++)
        statuses.push((await fetch(`${limited.baseUrl}/meetings?meeting_key=1246`)).status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(30);
      const refused = await fetch(`${limited.baseUrl}/meetings?meeting_key=1246`);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toEqual({error: "Rate limit exceeded: 30 per 10 second"});
    } finally {
      await limited.close();
    }
  });
});
