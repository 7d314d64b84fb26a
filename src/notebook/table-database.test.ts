import {describe, expect, it} from "vitest";
import {defineTable} from "../sport/schema.js";
import {openTableDatabase} from "./table-database.js";

const laps = defineTable("laps", "Laps", {
  lap_number: {type: "INTEGER", doc: "Lap"},
  lap_duration: {type: "DOUBLE", doc: "Lap time, s"},
});
const weather = defineTable("weather", "Weather", {air_temperature: {type: "DOUBLE", doc: "Air, °C"}});

/** A stand-in for Framework's DuckDBClient that records what the page asked of it and when. */
function recordingClient() {
  const events: string[] = [];
  const queries: string[] = [];
  const inserted: Record<string, unknown> = {};
  const client = {query: async (sql: string) => void queries.push(sql)};
  const DuckDBClient = {
    async of(sources: Record<string, unknown>) {
      events.push("duckdb starts");
      for (const [name, source] of Object.entries(sources)) inserted[name] = await source;
      return client;
    },
  };
  return {DuckDBClient, events, queries, inserted};
}

describe("opening a page's tables", () => {
  it("starts DuckDB before the row counts are known, loads tables with rows, creates the others empty", async () => {
    const recording = recordingClient();
    let release!: (rowCounts: Map<string, number>) => void;
    const rowCounts = new Promise<Map<string, number>>((resolve) => (release = resolve));
    const decoded = {numRows: 3};
    const opening = openTableDatabase(
      recording.DuckDBClient,
      [
        {spec: laps, file: {parquet: async () => decoded}},
        {spec: weather, file: {parquet: () => Promise.reject(new Error("an empty table is never decoded"))}},
      ],
      rowCounts,
    );
    await Promise.resolve();
    expect(recording.events).toEqual(["duckdb starts"]);
    release(
      new Map([
        ["laps", 3],
        ["weather", 0],
      ]),
    );
    await opening;
    expect(recording.inserted.laps).toBe(decoded);
    expect(recording.queries).toEqual([
      'DROP TABLE IF EXISTS "weather"',
      'CREATE TABLE "weather" ("air_temperature" DOUBLE)',
    ]);
  });
});
