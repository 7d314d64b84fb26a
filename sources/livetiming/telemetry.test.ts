import {readFileSync} from "node:fs";
import {join} from "node:path";
import {deflateRawSync} from "node:zlib";
import {describe, expect, it} from "vitest";
import type {Problem} from "../../src/sport/problems.js";
import {parseUtc} from "../../src/sport/units.js";
import {decodeCompressed} from "./compressed.js";
import {splitStreamLines, type RawLine} from "./stream.js";
import {decodeCarData, decodePositions, toCarDataRows, toCarPositionRows} from "./telemetry.js";
import {ARCHIVE, MEXICO_QUALIFYING} from "./test-data.js";
import {parseUtcBytes} from "./utc-bytes.js";

const line = (offsetMs: number, document: unknown, number = 1): RawLine => ({
  offsetMs,
  line: number,
  payload: JSON.stringify(deflateRawSync(Buffer.from(JSON.stringify(document))).toString("base64")),
});

function realLines(topic: string): RawLine[] {
  return splitStreamLines(
    readFileSync(join(ARCHIVE, MEXICO_QUALIFYING, `${topic}.jsonStream`), "utf8"),
    topic,
    [],
  );
}

describe("CarData.z", () => {
  it("decodes every sample of the real session exactly as JSON.parse reads it", () => {
    const lines = realLines("CarData.z");
    const problems: Problem[] = [];
    const columns = decodeCarData(lines, "CarData.z", problems);
    // Reference: JSON.parse of every payload, walked naively.
    const expected: number[][] = [];
    for (const {payload} of lines) {
      const document = decodeCompressed(payload) as {
        Entries: {Utc: string; Cars: Record<string, {Channels: Record<string, number>}>}[];
      };
      for (const entry of document.Entries) {
        for (const [car, {Channels: c}] of Object.entries(entry.Cars)) {
          expected.push([
            parseUtc(entry.Utc)!,
            Number(car),
            c["0"]!,
            c["2"]!,
            c["3"]!,
            c["4"]!,
            c["5"]!,
            c["45"]!,
          ]);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(columns.length).toBe(expected.length);
    expect(columns.length).toBeGreaterThan(300_000);
    const keys = [
      "date",
      "driver_number",
      "rpm",
      "speed_kph",
      "n_gear",
      "throttle_pct",
      "brake",
      "drs",
    ] as const;
    for (let i = 0; i < columns.length; i += 997) {
      expect(keys.map((key) => columns[key][i])).toEqual(expected[i]);
    }
    expect(columns.speed_kph.reduce((a, b) => Math.max(a, b), 0)).toBeGreaterThan(300);
  });

  it("reads other key orders and number forms through JSON.parse, and rows carry nulls for missing channels", () => {
    const problems: Problem[] = [];
    const columns = decodeCarData(
      [
        line(1000, {
          Entries: [{Cars: {"44": {Channels: {"2": 312, "0": 11000.0}}}, Utc: "2024-01-01T10:00:00.5Z"}],
        }),
        line(2000, {
          Entries: [
            {
              Utc: "2024-01-01T10:00:01Z",
              Cars: {"1": {Channels: {"0": 9000, "2": 250.5, "3": 7, "4": 100, "5": 0, "45": 12}}},
            },
          ],
        }),
      ],
      "CarData.z",
      problems,
    );
    const rows = toCarDataRows(columns, 9999);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        session_key: 9999,
        date: Date.UTC(2024, 0, 1, 10, 0, 0, 500),
        driver_number: 44,
        rpm: 11000,
        speed_kph: 312,
        n_gear: null,
        throttle_pct: null,
        brake: null,
        drs: null,
      },
      {
        session_key: 9999,
        date: Date.UTC(2024, 0, 1, 10, 0, 1),
        driver_number: 1,
        rpm: 9000,
        speed_kph: 250.5,
        n_gear: 7,
        throttle_pct: 100,
        brake: 0,
        drs: 12,
      },
    ]);
  });

  it("skips a payload with bad base64 or bad DEFLATE, naming its line, and keeps the others", () => {
    const good = line(1000, {Entries: [{Utc: "2024-01-01T10:00:00Z", Cars: {"1": {Channels: {"0": 1}}}}]}, 1);
    const badBase64 = {...good, line: 2, payload: '"@@@@"'};
    const badDeflate = {
      ...good,
      line: 3,
      payload: JSON.stringify(Buffer.from("plain text").toString("base64")),
    };
    const problems: Problem[] = [];
    const columns = decodeCarData(
      [good, badBase64, badDeflate, {...good, line: 4}],
      "CarData.z.jsonStream",
      problems,
    );
    expect(columns.length).toBe(2);
    expect(problems.map((problem) => [problem.source, problem.line])).toEqual([
      ["CarData.z.jsonStream", 2],
      ["CarData.z.jsonStream", 3],
    ]);
    expect(problems[0]!.message).toMatch(/base64/);
    expect(problems[1]!.message).toMatch(/DEFLATE/);
  });
});

describe("Position.z", () => {
  it("decodes every sample of the real session exactly as JSON.parse reads it", () => {
    const lines = realLines("Position.z");
    const columns = decodePositions(lines, "Position.z", []);
    const expected: unknown[][] = [];
    for (const {payload} of lines) {
      const document = decodeCompressed(payload) as {
        Position: {
          Timestamp: string;
          Entries: Record<string, {Status: string; X: number; Y: number; Z: number}>;
        }[];
      };
      for (const entry of document.Position) {
        for (const [car, sample] of Object.entries(entry.Entries)) {
          expected.push([
            parseUtc(entry.Timestamp),
            Number(car),
            sample.Status,
            sample.X,
            sample.Y,
            sample.Z,
          ]);
        }
      }
    }
    expect(columns.length).toBe(expected.length);
    for (let i = 0; i < columns.length; i += 1009) {
      expect([
        columns.date[i],
        columns.driver_number[i],
        columns.status[i],
        columns.x[i],
        columns.y[i],
        columns.z[i],
      ]).toEqual(expected[i]);
    }
    expect(new Set(columns.status)).toEqual(new Set(expected.map((row) => row[2])));
  });

  it("builds rows with the entry's Timestamp as date", () => {
    const columns = decodePositions(
      [
        line(0, {
          Position: [
            {
              Timestamp: "2025-10-25T20:46:44.814876Z",
              Entries: {"4": {Status: "OnTrack", X: -169, Y: 997, Z: 22266}},
            },
          ],
        }),
      ],
      "Position.z",
      [],
    );
    expect(toCarPositionRows(columns, 1)).toEqual([
      {
        session_key: 1,
        date: parseUtc("2025-10-25T20:46:44.814876Z"),
        driver_number: 4,
        status: "OnTrack",
        x: -169,
        y: 997,
        z: 22266,
      },
    ]);
  });
});

describe("parseUtcBytes", () => {
  it("agrees with parseUtc to the millisecond", () => {
    const samples = [
      "2025-10-25T20:47:27.8777755Z",
      "2025-10-25T20:47:27.8775Z",
      "2025-10-25T20:47:27Z",
      "2025-10-25T20:47:27",
      "2024-02-29T23:59:59.9996Z",
      "2018-04-29T12:07:10.1Z",
    ];
    for (const text of samples) {
      const bytes = Buffer.from(`"${text}"`);
      expect(parseUtcBytes(bytes, 1, bytes.length - 1), text).toBe(parseUtc(text));
    }
    const bad = Buffer.from("2025-10-25 20:47:27");
    expect(parseUtcBytes(bad, 0, bad.length)).toBeNaN();
  });
});
