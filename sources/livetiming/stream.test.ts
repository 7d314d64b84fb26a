import {describe, expect, it} from "vitest";
import type {Problem} from "../../src/sport/problems.js";
import {formatOffset, parseOffsetAt, parseStream, splitStreamLines} from "./stream.js";

describe("splitStreamLines", () => {
  it("strips the byte-order mark and CRLF and reads each line's offset", () => {
    const text = '\uFEFF00:00:01.500{"a":1}\r\n01:02:03.004{"b":2}\r\n';
    const lines = splitStreamLines(text, "T.jsonStream", []);
    expect(lines).toEqual([
      {offsetMs: 1500, line: 1, payload: '{"a":1}'},
      {offsetMs: 3_723_004, line: 2, payload: '{"b":2}'},
    ]);
  });

  it("accepts LF-only files and a last line without a line end", () => {
    const lines = splitStreamLines('00:00:00.000{}\n00:00:00.001{"x":1}', "T", []);
    expect(lines.map((line) => line.payload)).toEqual(["{}", '{"x":1}']);
  });

  it("returns lines in time order, keeping file order for equal offsets", () => {
    const text = [
      '00:00:05.000{"n":1}',
      '00:00:01.000{"n":2}',
      '00:00:05.000{"n":3}',
      '00:00:03.000{"n":4}',
    ].join("\r\n");
    const messages = parseStream(text, "T", []);
    expect(messages.map((message) => (message.change as {n: number}).n)).toEqual([2, 4, 1, 3]);
    expect(messages.map((message) => message.line)).toEqual([2, 4, 1, 3]);
  });

  it("skips a line without a timestamp and names it", () => {
    const problems: Problem[] = [];
    const lines = splitStreamLines(
      "00:00:01.000{}\r\ngarbage\r\n00:00:0\r\n00:00:02.000{}",
      "T.jsonStream",
      problems,
    );
    expect(lines.map((line) => line.line)).toEqual([1, 4]);
    expect(problems.map((problem) => [problem.source, problem.line])).toEqual([
      ["T.jsonStream", 2],
      ["T.jsonStream", 3],
    ]);
  });
});

describe("parseStream", () => {
  it("skips a truncated JSON line, names file and line, and keeps the others", () => {
    const problems: Problem[] = [];
    const text = '00:00:01.000{"a":1}\r\n00:00:02.000{"Lines":{"1":{"Posi\r\n00:00:03.000{"c":3}\r\n';
    const messages = parseStream(text, "TimingData.jsonStream", problems);
    expect(messages.map((message) => message.change)).toEqual([{a: 1}, {c: 3}]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({source: "TimingData.jsonStream", line: 2});
    expect(problems[0]!.message).toMatch(/malformed JSON/);
  });
});

describe("offsets", () => {
  it("parses and formats HH:MM:SS.mmm", () => {
    expect(parseOffsetAt("xx01:59:59.999", 2)).toBe(((1 * 60 + 59) * 60 + 59) * 1000 + 999);
    expect(parseOffsetAt("00:61:00.000", 0)).toBe(-1);
    expect(parseOffsetAt("00:00:00,000", 0)).toBe(-1);
    expect(parseOffsetAt("0a:00:00.000", 0)).toBe(-1);
    expect(formatOffset(3_723_004)).toBe("01:02:03.004");
  });
});
