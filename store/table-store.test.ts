import {existsSync} from "node:fs";
import {mkdtemp, readdir, rm, utimes, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {defineTable} from "../src/sport/schema.js";
import {TableStore, type TableSet} from "./table-store.js";

const points = defineTable("points", "test table", {
  driver: {type: "VARCHAR", doc: "", key: true},
  points: {type: "DOUBLE", doc: ""},
});

function setOf(rows: {driver: string; points: number}[], problems: string[] = []): TableSet {
  return {tables: new Map([[points, rows]]), absent: {}, problems};
}

describe("TableStore", () => {
  let dir: string;
  let source: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "pitwall-store-"));
    source = join(dir, "source.csv");
    await writeFile(source, "VER,25\n");
  });
  afterEach(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it("builds a set once and serves it until a source file changes", async () => {
    const store = new TableStore(join(dir, "tables"), "v1");
    let builds = 0;
    const build = async () => (builds++, setOf([{driver: "VER", points: 25}]));
    const first = await store.ensure("race", {files: [source]}, build);
    expect(first.tables.points).toEqual({rows: 1, status: "present", reason: null});
    await store.ensure("race", {files: [source]}, build);
    expect(builds).toBe(1);
    expect(await store.readFreshManifest("race")).not.toBeNull();

    await writeFile(source, "VER,25\nNOR,18\n");
    await utimes(source, new Date(), new Date(Date.now() + 5000));
    expect(await store.readFreshManifest("race")).toBeNull();
    await store.ensure("race", {files: [source]}, build);
    expect(builds).toBe(2);
  });

  it("keeps parses of different code versions apart", async () => {
    const old = new TableStore(join(dir, "tables"), "v1");
    const current = new TableStore(join(dir, "tables"), "v2");
    await old.ensure("race", {key: "k"}, async () => setOf([{driver: "VER", points: 25}]));
    let rebuilt = false;
    await current.ensure("race", {key: "k"}, async () => ((rebuilt = true), setOf([])));
    expect(rebuilt).toBe(true);
    expect(current.tablePath("race", "points")).not.toBe(old.tablePath("race", "points"));
  });

  it("runs one build when many callers ask at once", async () => {
    const store = new TableStore(join(dir, "tables"), "v1");
    let builds = 0;
    const build = async () => {
      builds++;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return setOf([{driver: "VER", points: 25}]);
    };
    await Promise.all(Array.from({length: 4}, () => store.ensure("race", {key: "k"}, build)));
    expect(builds).toBe(1);
  });

  it("writes the manifest last, and clears temporary files a killed writer left", async () => {
    const store = new TableStore(join(dir, "tables"), "v1");
    const folder = store.folder("race");
    await (await import("node:fs/promises")).mkdir(folder, {recursive: true});
    await writeFile(join(folder, "points.parquet.999.deadbeef.tmp"), "half a file");
    await store.ensure("race", {key: "k"}, async () =>
      setOf([{driver: "VER", points: 25}], ["f.jsonStream:3: bad"]),
    );
    const names = (await readdir(folder)).sort();
    expect(names).toEqual(["manifest.json", "points.parquet"]);
    expect((await store.readManifest("race"))?.problems).toEqual(["f.jsonStream:3: bad"]);
  });

  it("leaves no manifest when a build fails, so the set is built again next time", async () => {
    const store = new TableStore(join(dir, "tables"), "v1");
    await expect(
      store.ensure("race", {key: "k"}, async () => {
        throw new Error("TimingData unreadable");
      }),
    ).rejects.toThrow("TimingData unreadable");
    expect(existsSync(join(store.folder("race"), "manifest.json"))).toBe(false);
    expect(existsSync(`${store.folder("race")}.lock`)).toBe(false);
  });

  it("refuses set ids that could leave the store", () => {
    const store = new TableStore(join(dir, "tables"), "v1");
    expect(() => store.folder("../etc")).toThrow('Invalid table set id "../etc"');
  });
});
