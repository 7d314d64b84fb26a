// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {explainMissing, toMissingReasons, toRowCounts} from "./session-database.js";

const availability = [
  {
    table_name: "laps",
    status: "absent",
    row_count: 0,
    reason: "TimingData.jsonStream is not in the archive.",
    source_topics: "TimingData",
  },
  {table_name: "weather", status: "present", row_count: 0, reason: null, source_topics: "WeatherData"},
  {table_name: "stints", status: "present", row_count: 36, reason: null, source_topics: "TimingAppData"},
] as const;

describe("missing data in words", () => {
  it("gives the source's reason for absent tables and says when a present table is empty", () => {
    const missing = toMissingReasons(availability);
    expect([...missing]).toEqual([
      ["laps", "TimingData.jsonStream is not in the archive."],
      ["weather", "The weather table has no rows for this session."],
    ]);
    const note = explainMissing("pit stops", ["laps", "stints"], missing);
    expect(note.textContent).toBe("No pit stops: TimingData.jsonStream is not in the archive.");
    expect(note.dataset.missing).toBe("laps stints");
    expect(explainMissing("fastest laps", ["stints"], missing).textContent).toBe(
      "No fastest laps: the data has no rows for this.",
    );
  });
});

describe("row counts", () => {
  it("counts each listed table's rows, and the availability table as present with a row per table", () => {
    const counts = toRowCounts([
      {table_name: "laps", row_count: 412},
      {table_name: "weather", row_count: 0},
    ]);
    expect([...counts]).toEqual([
      ["laps", 412],
      ["weather", 0],
      ["availability", 2],
    ]);
    expect(toRowCounts([]).get("availability")).toBe(0);
  });
});
