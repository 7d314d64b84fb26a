import {describe, expect, it} from "vitest";
import {backoffDelayMs, defaultRetryPolicy, isRetryableStatus, parseRetryAfter} from "./retry.js";

describe("parseRetryAfter", () => {
  const now = Date.UTC(2015, 9, 21, 7, 27, 0);

  it("reads delay-seconds", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
  });

  it("reads an HTTP-date relative to now, never negative", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now)).toBe(0);
  });

  it("returns null for a missing or unreadable header", () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("-5", now)).toBeNull();
  });
});

describe("backoffDelayMs", () => {
  it("doubles up to the cap, with jitter in the upper half", () => {
    const low = {...defaultRetryPolicy, random: () => 0};
    const high = {...defaultRetryPolicy, random: () => 0.999999};
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(retry, low))).toEqual([250, 500, 1000, 2000]);
    expect(backoffDelayMs(1, high)).toBe(500);
    expect(backoffDelayMs(20, high)).toBe(defaultRetryPolicy.maxDelayMs);
  });
});

describe("isRetryableStatus", () => {
  it("retries 408, 429 and 5xx only", () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });
});
