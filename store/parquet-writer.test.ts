import {DuckDBInstance} from "@duckdb/node-api";
import {mkdtemp, readdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {defineTable} from "../src/sport/schema.js";
import {writeParquet} from "./parquet-writer.js";

const everyType = defineTable("every_type", "one column of each type", {
  id: {type: "INTEGER", doc: "", key: true},
  big: {type: "BIGINT", doc: ""},
  ratio: {type: "DOUBLE", doc: ""},
  label: {type: "VARCHAR", doc: ""},
  flag: {type: "BOOLEAN", doc: ""},
  moment: {type: "TIMESTAMP", doc: ""},
  day: {type: "DATE", doc: ""},
});

async function readBack(path: string): Promise<Record<string, unknown>[]> {
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  const reader = await connection.runAndReadAll(
    `SELECT id, big, ratio, label, flag, epoch_ms(moment) AS moment, CAST(day AS VARCHAR) AS day FROM '${path}' ORDER BY id`,
  );
  return reader
    .getRowObjectsJS()
    .map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])),
    );
}

describe("writeParquet", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pitwall-writer-"));
  });
  afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it("round-trips every column type, nulls included, from row objects", async () => {
    const rows = [
      {
        id: 1,
        big: 5_690_616,
        ratio: 83.456,
        label: "VER",
        flag: true,
        moment: 1_761_425_183_899,
        day: "2025-10-25",
      },
      {id: 2, big: null, ratio: null, label: null, flag: null, moment: null, day: null},
      {id: 3, big: 0, ratio: -0.5, label: 'it\'s "quoted"', flag: false, moment: 0, day: "1950-05-13"},
    ];
    const path = join(dir, "rows.parquet");
    await writeParquet(everyType, rows, path);
    expect(await readBack(path)).toEqual(rows);
  });

  it("writes typed columns with NaN as null, and constants", async () => {
    const path = join(dir, "columns.parquet");
    await writeParquet(
      everyType,
      {
        length: 3,
        columns: {
          big: new Float64Array([1, NaN, 3]),
          ratio: new Float64Array([0.25, 0.5, NaN]),
          moment: new Float64Array([1000, 2000, NaN]),
          label: ["a", null, "c"],
        },
        constants: {id: 7, flag: true},
      },
      path,
    );
    expect(await readBack(path)).toEqual([
      {id: 7, big: 1, ratio: 0.25, label: "a", flag: true, moment: 1000, day: null},
      {id: 7, big: null, ratio: 0.5, label: null, flag: true, moment: 2000, day: null},
      {id: 7, big: 3, ratio: null, label: "c", flag: true, moment: null, day: null},
    ]);
  });

  it("refuses a value of the wrong type, naming table and column, and leaves the old file in place", async () => {
    const path = join(dir, "kept.parquet");
    await writeFile(path, "previous content");
    await expect(writeParquet(everyType, [{id: 1, ratio: "fast"}], path)).rejects.toThrow(
      'every_type.ratio expects DOUBLE, got "fast"',
    );
    const names = await readdir(dir);
    expect(names.filter((name) => name.startsWith("kept"))).toEqual(["kept.parquet"]);
  });

  it("writes an empty table with its columns", async () => {
    const path = join(dir, "empty.parquet");
    await writeParquet(everyType, [], path);
    const connection = await (await DuckDBInstance.create(":memory:")).connect();
    const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM '${path}'`)).getRows();
    expect(columns.map((row) => `${row[0]} ${row[1]}`)).toEqual([
      "id INTEGER",
      "big BIGINT",
      "ratio DOUBLE",
      "label VARCHAR",
      "flag BOOLEAN",
      "moment TIMESTAMP",
      "day DATE",
    ]);
  });
});

describe("writeParquet, text columns held as arrays", () => {
  it("keeps every value of a few-valued column and of a many-valued one, nulls included", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pitwall-writer-text-"));
    try {
      const texts = defineTable("texts", "", {
        id: {type: "INTEGER", doc: "", key: true},
        label: {type: "VARCHAR", doc: ""},
      });
      const few = ["OnTrack", null, "OffTrack", "it's", "OnTrack"];
      const many = Array.from({length: 200}, (_, i) => (i % 7 === 0 ? null : `car ${i}`));
      for (const labels of [few, many]) {
        const path = join(dir, `texts-${labels.length}.parquet`);
        const ids = Float64Array.from(labels, (_, i) => i);
        await writeParquet(texts, {length: labels.length, columns: {id: ids, label: labels}}, path);
        const connection = await (await DuckDBInstance.create(":memory:")).connect();
        const rows = (await connection.runAndReadAll(`SELECT label FROM '${path}' ORDER BY id`)).getRows();
        expect(rows.map((row) => row[0])).toEqual(labels);
      }
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  });
});
