import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import type {Problem} from "../../src/sport/problems.js";
import {createFolderReader} from "./archive-reader.js";
import {iterateSessionMessages, mergeByTime, type TopicMessage} from "./replay.js";
import type {RawLine} from "./stream.js";
import {ARCHIVE, MEXICO_QUALIFYING} from "./test-data.js";

const lineCount = (topic: string) =>
  readFileSync(join(ARCHIVE, MEXICO_QUALIFYING, `${topic}.jsonStream`), "utf8")
    .split("\n")
    .filter((line) => line.trim()).length;

describe("iterateSessionMessages", () => {
  it("yields every line of every topic once, across topics in time order", async () => {
    const messages: TopicMessage[] = [];
    const problems: Problem[] = [];
    for await (const message of iterateSessionMessages(createFolderReader(ARCHIVE), MEXICO_QUALIFYING, {
      problems,
    }))
      messages.push(message);
    expect(problems).toEqual([]);
    const topics = [...new Set(messages.map((message) => message.topic))].sort();
    expect(topics).toHaveLength(18);
    for (const topic of topics) {
      expect(messages.filter((message) => message.topic === topic).length, topic).toBe(lineCount(topic));
    }
    for (let i = 1; i < messages.length; i++)
      expect(messages[i]!.offsetMs).toBeGreaterThanOrEqual(messages[i - 1]!.offsetMs);
    const carData = messages.find((message) => message.topic === "CarData.z")!;
    expect(Object.keys(carData.change as object)).toEqual(["Entries"]);
    expect(carData.offsetMs).toBe(64_218);
  });

  it("replays only the topics asked for and reports the ones the session lacks", async () => {
    const problems: Problem[] = [];
    const seen = new Set<string>();
    for await (const message of iterateSessionMessages(createFolderReader(ARCHIVE), MEXICO_QUALIFYING, {
      topics: ["TrackStatus", "LapCount"],
      problems,
    })) {
      seen.add(message.topic);
    }
    expect([...seen]).toEqual(["TrackStatus"]);
    expect(problems.map((problem) => problem.message)).toEqual([
      "topic not in the archive for this session; not replayed",
    ]);
  });
});

describe("mergeByTime", () => {
  it("interleaves by offset, keeps stream order on ties, and skips a broken line with its place", () => {
    const lines = (entries: [number, string][]): RawLine[] =>
      entries.map(([offsetMs, payload], i) => ({offsetMs, line: i + 1, payload}));
    const problems: Problem[] = [];
    const merged = [
      ...mergeByTime(
        new Map([
          [
            "A",
            lines([
              [0, '{"a":0}'],
              [20, '{"a":20}'],
              [30, "{broken"],
            ]),
          ],
          [
            "B",
            lines([
              [10, '{"b":10}'],
              [20, '{"b":20}'],
            ]),
          ],
        ]),
        problems,
      ),
    ];
    expect(merged.map((message) => `${message.topic}${message.offsetMs}`)).toEqual([
      "A0",
      "B10",
      "A20",
      "B20",
    ]);
    expect(problems).toMatchObject([{source: "A.jsonStream", line: 3}]);
  });
});
