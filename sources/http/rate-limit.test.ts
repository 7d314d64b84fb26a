import {describe, expect, it} from "vitest";
import {createVirtualClock} from "./clock.js";
import {RateLimiter} from "./rate-limit.js";

describe("RateLimiter", () => {
  it("lets a burst through, then spaces requests so no sliding window holds more than allowed", async () => {
    const clock = createVirtualClock(0);
    const limiter = new RateLimiter([{requests: 30, perMs: 10_000}], clock);
    const times: number[] = [];
    for (let i = 0; i < 95; i++) {
      await limiter.acquire();
      times.push(clock.now());
    }
    expect(times.slice(0, 30).every((t) => t === 0)).toBe(true);
    for (let i = 30; i < times.length; i++) expect(times[i]! - times[i - 30]!).toBeGreaterThanOrEqual(10_000);
    expect(times.at(-1)).toBe(30_000);
  });

  it("keeps several windows at once (Jolpica: 4 per second and 500 per hour)", async () => {
    const clock = createVirtualClock(0);
    const limiter = new RateLimiter(
      [
        {requests: 4, perMs: 1_000},
        {requests: 500, perMs: 3_600_000},
      ],
      clock,
    );
    const times: number[] = [];
    for (let i = 0; i < 502; i++) {
      await limiter.acquire();
      times.push(clock.now());
    }
    for (let i = 4; i < 500; i++) expect(times[i]! - times[i - 4]!).toBeGreaterThanOrEqual(1_000);
    // The 501st request waits for the first to leave the hour.
    expect(times[500]! - times[0]!).toBeGreaterThanOrEqual(3_600_000);
  });

  it("serves concurrent callers in order and honours blockUntil", async () => {
    const clock = createVirtualClock(1_000);
    const waits: number[] = [];
    const limiter = new RateLimiter([{requests: 1, perMs: 100}], clock, (ms) => waits.push(ms));
    limiter.blockUntil(6_000);
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2]);
    expect(clock.now()).toBe(6_200);
    expect(waits[0]).toBe(5_000);
  });

  it("rejects a window that could never admit a request", () => {
    expect(() => new RateLimiter([{requests: 0, perMs: 1000}], createVirtualClock())).toThrow(
      /requests >= 1/,
    );
  });
});
