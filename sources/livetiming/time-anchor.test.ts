import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {parseUtc} from "../../src/sport/units.js";
import {decodeCompressed} from "./compressed.js";
import {parseStream, splitStreamLines, type StreamMessage} from "./stream.js";
import {ARCHIVE, MEXICO_QUALIFYING} from "./test-data.js";
import {estimateStreamStart, median, scheduledStartUtc} from "./time-anchor.js";

const noSchedule = {startDate: null, gmtOffset: null, startedAtMs: null};
const read = (topic: string) =>
  parseStream(readFileSync(join(ARCHIVE, MEXICO_QUALIFYING, `${topic}.jsonStream`), "utf8"), topic, []);

describe("estimateStreamStart", () => {
  it("matches the clock CarData.z is stamped with, to the millisecond (2025 Mexico City qualifying)", () => {
    // Independent reference: every CarData line's last sample Utc minus the line's offset.
    const lines = splitStreamLines(
      readFileSync(join(ARCHIVE, MEXICO_QUALIFYING, "CarData.z.jsonStream"), "utf8"),
      "CarData.z",
      [],
    );
    const fromCarData = lines.map(({payload, offsetMs}) => {
      const {Entries} = decodeCompressed(payload) as {Entries: {Utc: string}[]};
      return parseUtc(Entries.at(-1)!.Utc)! - offsetMs;
    });
    // The archive derived these offsets from the Utc: the difference is constant (up to rounding to ms).
    expect(Math.max(...fromCarData) - Math.min(...fromCarData)).toBeLessThanOrEqual(1);
    const reference = median(fromCarData)!;
    const anchor = estimateStreamStart(new Map([["SessionData", read("SessionData")]]), noSchedule);
    expect(Math.abs(anchor.streamStartMs! - reference)).toBeLessThanOrEqual(1);
    expect(anchor.uncertaintyMs).toBe(0);
    const clock = estimateStreamStart(
      new Map([["ExtrapolatedClock", read("ExtrapolatedClock")]]),
      noSchedule,
    );
    expect(Math.abs(clock.streamStartMs! - reference)).toBeLessThanOrEqual(1);
  });

  it("uses the Heartbeat median when nothing better dates the stream; it runs about 2 s late", () => {
    const exact = estimateStreamStart(
      new Map([["SessionData", read("SessionData")]]),
      noSchedule,
    ).streamStartMs!;
    const heartbeat = estimateStreamStart(new Map([["Heartbeat", read("Heartbeat")]]), noSchedule);
    expect(heartbeat.source).toMatch(/^Heartbeat/);
    expect(heartbeat.streamStartMs! - exact).toBeGreaterThan(1500);
    expect(heartbeat.streamStartMs! - exact).toBeLessThan(2500);
  });

  it("corrects race control's whole-second Utc by half a second", () => {
    const exact = estimateStreamStart(
      new Map([["SessionData", read("SessionData")]]),
      noSchedule,
    ).streamStartMs!;
    const raceControl = estimateStreamStart(
      new Map([["RaceControlMessages", read("RaceControlMessages")]]),
      noSchedule,
    );
    expect(Math.abs(raceControl.streamStartMs! - exact)).toBeLessThan(1000);
  });

  it("is not pulled off by a few messages with unrelated times", () => {
    const message = (offsetMs: number, utc: string): StreamMessage => ({
      offsetMs,
      line: 1,
      change: {Messages: [{Utc: utc}]},
    });
    const anchor = estimateStreamStart(
      new Map([
        [
          "RaceControlMessages",
          [
            message(60_000, "2021-09-11T09:00:17"), // "air temperature 1 hour before": stamped an hour early
            message(120_000, "2021-09-11T10:02:00"),
            message(180_000, "2021-09-11T10:03:00"),
          ],
        ],
      ]),
      noSchedule,
    );
    expect(anchor.streamStartMs).toBe(Date.UTC(2021, 8, 11, 10, 0, 0, 500));
  });

  it("falls back to SessionInfo's schedule, moved by when SessionStatus said Started", () => {
    const schedule = {startDate: "2025-10-25T15:00:00", gmtOffset: "-06:00:00", startedAtMs: 816_231};
    const anchor = estimateStreamStart(new Map(), schedule);
    expect(anchor.streamStartMs).toBe(Date.UTC(2025, 9, 25, 21, 0, 0) - 816_231);
    expect(anchor.source).toMatch(/SessionStatus/);
    expect(estimateStreamStart(new Map(), {...schedule, startedAtMs: null}).streamStartMs).toBe(
      Date.UTC(2025, 9, 25, 21),
    );
    expect(estimateStreamStart(new Map(), noSchedule)).toEqual({
      streamStartMs: null,
      source: "none: no topic dates the stream",
      uncertaintyMs: null,
    });
  });
});

describe("helpers", () => {
  it("converts local start dates with their GMT offset", () => {
    expect(scheduledStartUtc("2025-10-25T15:00:00", "-06:00:00")).toBe(Date.UTC(2025, 9, 25, 21));
    expect(scheduledStartUtc("2019-03-15T12:00:00", "11:00:00")).toBe(Date.UTC(2019, 2, 15, 1));
    expect(scheduledStartUtc("2019-03-15T12:00:00", "nonsense")).toBeNull();
  });

  it("takes medians", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([])).toBeNull();
  });
});
