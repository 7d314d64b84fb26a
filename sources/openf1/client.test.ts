import {failureOf} from "../../test/http-error.js";
import {afterEach, describe, expect, it} from "vitest";
import {readRecorded, startOpenF1Harness, type OpenF1Harness} from "../../test/fakes/openf1-harness.js";
import type {OpenF1Endpoint, OpenF1Position} from "./types.js";

type Row = Record<string, unknown>;

const running: OpenF1Harness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((harness) => harness.close()));
});

async function start(options?: Parameters<typeof startOpenF1Harness>[0]): Promise<OpenF1Harness> {
  const harness = await startOpenF1Harness(options);
  running.push(harness);
  return harness;
}

/** Epoch ms of an OpenF1 date such as 2024-09-22T12:05:37.990000+00:00 (all recorded dates are UTC). */
function ms(date: unknown): number {
  return Date.parse(`${String(date).slice(0, 23)}Z`);
}

describe("the OpenF1 client against the fake server", () => {
  it("gets every recorded endpoint of session 9606 as recorded, and [] for the others", async () => {
    const {client} = await start();
    for (const endpoint of ["drivers", "laps", "pit", "position", "overtakes"] as const) {
      expect(await client.get(endpoint, {session_key: 9606}), endpoint).toEqual(readRecorded(endpoint));
    }
    expect(await client.getMeetings({meeting_key: 1246})).toEqual(readRecorded("meetings"));
    expect(await client.getSessions({meeting_key: 1246})).toEqual(readRecorded("sessions"));
    const absent: OpenF1Endpoint[] = [
      "stints",
      "intervals",
      "race_control",
      "weather",
      "team_radio",
      "session_result",
      "starting_grid",
    ];
    for (const endpoint of absent)
      expect(await client.get(endpoint, {session_key: 9606}), endpoint).toEqual([]);
  });

  it("filters with equality and the comparison operators on numbers, booleans and dates", async () => {
    const {client} = await start();
    const laps = readRecorded("laps");
    expect(await client.getLaps({session_key: 9606, driver_number: 1, lap_number: {gte: 50}})).toEqual(
      laps.filter((lap) => lap.driver_number === 1 && (lap.lap_number as number) >= 50),
    );
    expect(await client.getLaps({session_key: 9606, is_pit_out_lap: true})).toEqual(
      laps.filter((lap) => lap.is_pit_out_lap),
    );

    const from = Date.UTC(2024, 8, 22, 13, 0);
    const to = Date.UTC(2024, 8, 22, 13, 10);
    const window = await client.getPosition({
      session_key: 9606,
      date: {gte: "2024-09-22T13:00:00", lt: new Date(to)},
    });
    const expected = readRecorded("position").filter((row) => ms(row.date) >= from && ms(row.date) < to);
    expect(window).toEqual(expected);
    expect(expected.length).toBeGreaterThan(5);

    expect(await client.getPit({session_key: 9606, pit_duration: {lt: 29.2}})).toEqual(
      readRecorded("pit").filter((row) => (row.pit_duration as number) < 29.2),
    );
    // A date without a time means the whole day, as on the real API.
    const sessions = await client.getSessions({meeting_key: 1246, date_start: {gte: "2024-09-21"}});
    expect(sessions.map((row) => row.session_key)).toEqual([9601, 9602, 9606]);
  });

  it("fetches car_data in time windows and merges them in order, each sample once", async () => {
    const carData = syntheticCarData(Date.UTC(2024, 8, 22, 12, 0), Date.UTC(2024, 8, 22, 12, 20));
    const {client, fake} = await start({fake: {extraRows: {car_data: carData}}});
    const rows = await client.getInWindows(
      "car_data",
      {session_key: 9606},
      {start: Date.UTC(2024, 8, 22, 12, 0), end: Date.UTC(2024, 8, 22, 12, 20), windowMs: 5 * 60_000},
    );
    expect(fake.requests.map((r) => r.endpoint)).toEqual(["car_data", "car_data", "car_data", "car_data"]);
    expect(rows).toHaveLength(carData.length);
    expect(new Set(rows.map((row) => `${row.driver_number}@${row.date}`)).size).toBe(carData.length);
    const times = rows.map((row) => ms(row.date));
    expect(times.every((t, i) => i === 0 || times[i - 1]! <= t)).toBe(true);
    // A sample exactly on a window boundary arrives once, in the later window.
    expect(rows.filter((row) => row.date === "2024-09-22T12:05:00.000000+00:00")).toHaveLength(2);
  });

  it("polls a live session with date> windows as the fake releases rows over time", async () => {
    const start_ = Date.UTC(2024, 8, 22, 12, 10);
    const {client, clock} = await start({startMs: start_, fake: {releaseByDate: true}});
    const seen: OpenF1Position[] = [];
    let after = "2024-09-22T11:00:00";
    for (let step = 0; step < 6; step++) {
      const fresh = await client.getRowsAfter("position", {session_key: 9606}, after);
      seen.push(...fresh);
      if (fresh.length > 0) after = String(fresh.at(-1)!.date);
      clock.advance(5 * 60_000);
    }
    const cutoff = start_ + 5 * 5 * 60_000;
    const expected = readRecorded("position").filter((row) => ms(row.date) <= cutoff);
    expect(seen).toEqual(expected);

    // A lap still being driven is listed, but without its lap time yet.
    const laps = await client.getLaps({session_key: 9606, driver_number: 4}, {fresh: true});
    const now = clock.now();
    const recorded = readRecorded("laps").filter(
      (lap) => lap.driver_number === 4 && ms(lap.date_start) <= now,
    );
    expect(laps.map((lap) => lap.lap_number)).toEqual(recorded.map((lap) => lap.lap_number));
    const inProgress = recorded.filter(
      (lap) => ms(lap.date_start) + (lap.lap_duration as number) * 1000 > now,
    );
    expect(inProgress).toHaveLength(1);
    expect(laps.find((lap) => lap.lap_number === inProgress[0]!.lap_number)!.lap_duration).toBeNull();
    expect(laps.filter((lap) => lap.lap_duration == null)).toHaveLength(1);
  });

  it("honours a 429's Retry-After", async () => {
    const {client, fake, clock} = await start();
    fake.inject({kind: "status", status: 429, retryAfter: "4"});
    expect(await client.getPit({session_key: 9606})).toHaveLength(23);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(fake.requests[1]!.at - fake.requests[0]!.at).toBe(4_000);
    expect(clock.sleptMs).toBe(4_000);
  });

  it("retries 500s and succeeds, or reports clearly after the retry budget", async () => {
    const {client, fake, logs} = await start();
    fake.inject({kind: "status", status: 500}, {times: 2});
    expect(await client.getDrivers({session_key: 9606})).toHaveLength(20);
    expect(fake.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(logs.some((line) => /answered HTTP 500.*Retry 1\/4/.test(line))).toBe(true);

    fake.inject({kind: "status", status: 503}, {times: 10});
    const error = await failureOf(client.getLaps({session_key: 9606}));
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(5);
    expect(error.message).toContain(`${fake.baseUrl}/laps?session_key=9606 answered HTTP 503`);
    expect(error.message).toMatch(/Gave up after 5 attempts\. The server is failing; try again later/);
  });

  it("times out a response slower than the client's timeout and retries it", async () => {
    const {client, fake, logs} = await start({http: {timeoutMs: 200}});
    fake.inject({kind: "slow", delayMs: 1_500});
    expect(await client.getPit({session_key: 9606})).toHaveLength(23);
    expect(fake.requests).toHaveLength(2);
    expect(logs.some((line) => /did not answer within 0\.2 s/.test(line))).toBe(true);
  });

  it("reports truncated JSON naming the URL, after retrying it", async () => {
    const {client, fake} = await start();
    fake.inject({kind: "truncate"});
    expect(await client.getLaps({session_key: 9606})).toHaveLength(1159);

    fake.inject({kind: "truncate", keepBytes: 1000}, {times: 5});
    const error = await failureOf(client.getPosition({session_key: 9606}));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain(`${fake.baseUrl}/position?session_key=9606 returned malformed JSON`);
    expect(fake.requests.filter((r) => r.endpoint === "position")).toHaveLength(5);
  });

  it("retries a connection reset, before the headers or in the middle of the body", async () => {
    const {client, fake} = await start();
    fake.inject({kind: "reset"});
    fake.inject({kind: "reset", afterBytes: 4096});
    expect(await client.getLaps({session_key: 9606})).toHaveLength(1159);
    expect(fake.requests.map((r) => r.status)).toEqual(["reset", "reset", 200]);
  });

  it("serves a second run from the on-disk cache: the server sees no second request", async () => {
    const {client, fake, rerun} = await start();
    const first = await client.getLaps({session_key: 9606});
    const count = fake.requests.length;
    const second = await (await rerun()).getLaps({session_key: 9606});
    expect(second).toEqual(first);
    expect(fake.requests).toHaveLength(count);
  });

  it("keeps to 30 requests per 10 s (and without the limiter the fake answers 429)", async () => {
    const {client, fake, clock} = await start();
    for (let lap = 1; lap <= 75; lap++) await client.getLaps({session_key: 9606, lap_number: lap});
    const times = fake.requests.map((r) => r.at);
    expect(fake.requests.every((r) => r.status !== 429)).toBe(true);
    for (let i = 30; i < times.length; i++) expect(times[i]! - times[i - 30]!).toBeGreaterThanOrEqual(10_000);
    expect(clock.now() - times[0]!).toBeGreaterThanOrEqual(20_000);

    // No windows for the fake's host name turns the client's limiter off.
    const unlimited = await start({http: {rateLimits: {"127.0.0.1": []}}});
    const burst = Array.from({length: 40}, (_, i) =>
      unlimited.client.getLaps({session_key: 9606, lap_number: i + 1}),
    );
    await Promise.allSettled(burst);
    expect(unlimited.fake.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });
});

/** Two cars sampled every 270 ms, plus a sample of each exactly on 12:05:00. */
function syntheticCarData(fromMs: number, toMs: number): Row[] {
  const rows: Row[] = [];
  const sample = (driver: number, t: number) => ({
    meeting_key: 1246,
    session_key: 9606,
    driver_number: driver,
    date: new Date(t).toISOString().replace("Z", "000+00:00"),
    rpm: 10_000 + (t % 1000),
    speed: 200 + (t % 100),
    n_gear: 7,
    throttle: 99,
    brake: 0,
    drs: 8,
  });
  for (let t = fromMs; t < toMs; t += 270) for (const driver of [1, 4]) rows.push(sample(driver, t));
  for (const driver of [1, 4]) rows.push(sample(driver, Date.UTC(2024, 8, 22, 12, 5)));
  return rows;
}
