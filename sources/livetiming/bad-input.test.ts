import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {deflateRawSync} from "node:zlib";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {startLiveTimingServer} from "../../test/fakes/livetiming-static-server.js";
import {createHttp} from "../http/client.js";
import {createFolderReader, createHttpReader} from "./archive-reader.js";
import {readSessionTables} from "./session-reader.js";

// A small synthetic race written here: two cars, two laps each, with one broken line per kind of damage.
const SESSION = "2030/2030-01-06_Test_Grand_Prix/2030-01-06_Race/";
const CRLF = "\r\n";
const z = (document: unknown) =>
  JSON.stringify(deflateRawSync(Buffer.from(JSON.stringify(document))).toString("base64"));
const car = (utc: string, rpm: number) => ({
  Entries: [{Utc: utc, Cars: {"1": {Channels: {"0": rpm, "2": 200, "3": 6, "4": 99, "5": 0, "45": 0}}}}],
});
const blank = {Value: ""};
const line = (number: string, position: string) => ({
  RacingNumber: number,
  Position: position,
  GapToLeader: "",
  IntervalToPositionAhead: {Value: ""},
  InPit: false,
  PitOut: false,
  Retired: false,
  Stopped: false,
  Sectors: [blank, blank, blank],
  Speeds: {I1: blank, I2: blank, FL: blank, ST: blank},
  BestLapTime: blank,
  LastLapTime: blank,
});

const FILES: Record<string, string[]> = {
  "SessionInfo.jsonStream": [
    `00:00:00.000${JSON.stringify({Meeting: {Key: 1, Name: "Test Grand Prix"}, Key: 99_999, Type: "Race", Name: "Race", StartDate: "2030-01-06T14:00:00", EndDate: "2030-01-06T16:00:00", GmtOffset: "00:00:00", Path: SESSION})}`,
  ],
  "SessionStatus.jsonStream": ['00:01:00.000{"Status":"Started"}', '00:10:00.000{"Status":"Finished"}'],
  "SessionData.jsonStream": ['00:00:01.000{"Series":[{"Utc":"2030-01-06T13:59:01.000Z","Lap":1}]}'],
  "TimingData.jsonStream": [
    `\uFEFF00:00:02.000${JSON.stringify({Lines: {"1": line("1", "1"), "2": line("2", "2")}})}`,
    '00:01:30.000{"Lines":{"1":{"Sectors":{"0":{"Value":"30.000"}}},"2":{"Sectors":{"0":{"Value":"30.500"}}}}}',
    '00:02:00.000{"Lines":{"1":{"Sectors":{"1":{"Value":"30.000"}}},"2":{"Sectors":{"1":{"Value":"30.100"}}}}}',
    '00:02:30.000{"Lines":{"1":{"NumberOfLaps":1,"GapToLeader":"LAP 2","Sectors":{"2":{"Value":"30.000"}}},"2":{"NumberOfLaps":1,"GapToLeader":"+0.900","Sectors":{"2":{"Value":"30.300"}}}}}',
    '00:03:00.000{"Lines":{"1":{"Sectors":{"0":{"Value":"29.000"},"1":{"Value":""},"2":{"Value":""}}}}}',
    '00:03:01.000{"Lines":{"2":{"Sectors":{"0":{"Value":"29.500"},"1":{"Val', // truncated
    '00:03:30.000{"Lines":{"1":{"Sectors":{"1":{"Value":"29.000"}}},"2":{"Sectors":{"1":{"Value":"29.600"}}}}}',
    '00:04:00.000{"Lines":{"1":{"NumberOfLaps":2,"Sectors":{"2":{"Value":"29.000"}},"LastLapTime":{"Value":"1:27.000"}},"2":{"NumberOfLaps":2,"Sectors":{"2":{"Value":"29.700"}},"LastLapTime":{"Value":"1:28.800"}}}}',
  ],
  "CarData.z.jsonStream": [
    `00:00:05.000${z(car("2030-01-06T13:59:05.000Z", 10000))}`,
    '00:00:06.000"AAAA!!!!not base64"',
    `00:00:07.000${JSON.stringify(Buffer.from("this is not deflate").toString("base64"))}`,
    `00:00:08.000${z(car("2030-01-06T13:59:08.000Z", 11000))}`,
  ],
  "Position.z.jsonStream": [
    `00:00:05.000${z({Position: [{Timestamp: "2030-01-06T13:59:05.000Z", Entries: {"1": {Status: "OnTrack", X: 1, Y: 2, Z: 3}}}]})}`,
  ],
  "Mystery.jsonStream": ['00:00:01.000{"What":"is this"}'],
};

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "pitwall-livetiming-"));
  mkdirSync(join(root, SESSION), {recursive: true});
  for (const [file, lines] of Object.entries(FILES))
    writeFileSync(join(root, SESSION, file), lines.join(CRLF) + CRLF);
});
afterAll(() => rmSync(root, {recursive: true, force: true}));

describe("bad input", () => {
  it("skips the broken lines, names file and line, and keeps everything else", async () => {
    const read = await readSessionTables(createFolderReader(root), SESSION);
    const where = read.problems.map((problem) => `${problem.source.split("/").pop()}:${problem.line ?? ""}`);
    expect(where).toEqual(
      expect.arrayContaining([
        "TimingData.jsonStream:6",
        "CarData.z.jsonStream:2",
        "CarData.z.jsonStream:3",
        "Mystery.jsonStream:",
      ]),
    );
    expect(read.problems).toHaveLength(4);
    expect(read.problems.find((problem) => problem.line === 6)!.message).toMatch(/malformed JSON/);
    expect(read.problems.find((problem) => problem.source.endsWith("Mystery.jsonStream"))!.message).toMatch(
      /unknown topic "Mystery"/,
    );
    expect(read.fatal).toBe(false);

    // Car 2's second-lap sector 1 was on the broken line; everything else of both cars is there.
    expect(
      read.tables.laps.map((lap) => [
        lap.driver_number,
        lap.lap_number,
        lap.lap_duration,
        lap.duration_sector_1,
      ]),
    ).toEqual([
      [1, 1, null, 30],
      [1, 2, 87, 29],
      [2, 1, null, 30.5],
      [2, 2, 88.8, null],
    ]);
    expect(read.tables.car_data.map((row) => row.rpm)).toEqual([10000, 11000]);
    expect(read.tables.car_positions).toHaveLength(1);
    expect(read.tables.session_info[0]).toMatchObject({
      session_key: 99_999,
      stream_start: Date.UTC(2030, 0, 6, 13, 59),
    });
    expect(read.tables.laps[1]!.date_start).toBe(Date.UTC(2030, 0, 6, 13, 59) + 150_000);
    expect(
      read.tables.classification.map((row) => [row.driver_number, row.position, row.number_of_laps]),
    ).toEqual([
      [1, 1, 2],
      [2, 2, 2],
    ]);
    expect(read.absent.stints).toBe("TimingAppData.jsonStream is not in the archive for this session");
    // Without DriverList the cars are still known from TimingData; their names are not.
    expect(read.tables.drivers.map((driver) => [driver.driver_number, driver.full_name])).toEqual([
      [1, null],
      [2, null],
    ]);
    expect(read.notes.join("\n")).toMatch(/DriverList.jsonStream is missing/);
  });

  it("reports a topic the archive lists but cannot serve, and fails loudly when a topic cannot be read at all", async () => {
    const server = await startLiveTimingServer(root, {
      missing: [`${SESSION}WeatherData.jsonStream`],
      failing: [`${SESSION}TimingData.jsonStream`],
    });
    try {
      writeFileSync(join(root, SESSION, "WeatherData.jsonStream"), ""); // listed in the session's Index.json
      const http = await createHttp({
        mirror: null,
        retry: {attempts: 2, baseDelayMs: 1, maxDelayMs: 1},
        log: () => {},
      });
      const read = await readSessionTables(createHttpReader(http, {baseUrl: server.baseUrl}), SESSION);
      expect(read.problems.map((problem) => problem.message)).toContain(
        "listed by the archive but not found; topic skipped",
      );
      expect(read.absent.weather).toBe("WeatherData.jsonStream is not in the archive for this session");
      expect(read.fatal).toBe(true);
      expect(read.unreadable.map((entry) => entry.topic)).toEqual(["TimingData"]);
      expect(read.absent.laps).toMatch(/^TimingData.jsonStream could not be read: .*HTTP 500/);
      expect(read.tables.car_data).toHaveLength(2);
    } finally {
      rmSync(join(root, SESSION, "WeatherData.jsonStream"));
      await server.close();
    }
  });

  it("is fatal when not one line of a topic can be parsed", async () => {
    const broken = mkdtempSync(join(tmpdir(), "pitwall-livetiming-"));
    try {
      mkdirSync(join(broken, SESSION), {recursive: true});
      writeFileSync(
        join(broken, SESSION, "TimingData.jsonStream"),
        '00:00:01.000{"Lines":\r\n00:00:02.000{"Lin\r\n',
      );
      writeFileSync(
        join(broken, SESSION, "TrackStatus.jsonStream"),
        '00:00:01.000{"Status":"1","Message":"AllClear"}\r\n',
      );
      const read = await readSessionTables(createFolderReader(broken), SESSION);
      expect(read.fatal).toBe(true);
      expect(read.absent.laps).toBe(
        "TimingData.jsonStream could not be read: none of the 2 lines of TimingData.jsonStream could be parsed",
      );
      expect(read.tables.track_status.map((row) => row.message)).toEqual(["AllClear"]);
      expect(read.problems.map((problem) => problem.line)).toEqual([1, 2]);
    } finally {
      rmSync(broken, {recursive: true, force: true});
    }
  });

  it("refuses a session the archive does not hold, saying how to find one", async () => {
    await expect(
      readSessionTables(createFolderReader(root), "2030/2030-01-06_Test_Grand_Prix/2030-01-05_Qualifying/"),
    ).rejects.toThrow(/holds no topic files .* listSessions\(\)/);
    await expect(readSessionTables(createFolderReader(root), "not/a/path/at/all")).rejects.toThrow(
      /Not a live-timing session path/,
    );
  });
});
