// End to end: the session loader as Framework runs it (a child process), on archives we break on purpose,
// and the store builder killed mid-write.
import {DuckDBInstance} from "@duckdb/node-api";
import {spawn, spawnSync} from "node:child_process";
import {existsSync} from "node:fs";
import {copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {deflateRawSync} from "node:zlib";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {projectRoot, readSettings} from "../sources/settings.js";

const shared = readSettings().mirror!;
const SPRINT = "2025/2025-05-04_Miami_Grand_Prix/2025-05-03_Sprint";
const SPRINT_ID = "2025-miami-grand-prix-sprint";
const LOADER = join(projectRoot, "src/data/session/[session].tar.ts");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pitwall-loaders-"));
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

/** A mirror folder holding one copy of the Miami sprint, with `edit` applied to its files. */
async function mirrorWithSprint(name: string, edit: (folder: string) => Promise<void>): Promise<string> {
  const mirror = join(dir, name);
  const folder = join(mirror, "livetiming", SPRINT);
  await mkdir(folder, {recursive: true});
  for (const file of await readdir(join(shared, "livetiming", SPRINT))) {
    await copyFile(join(shared, "livetiming", SPRINT, file), join(folder, file));
  }
  await writeFile(join(mirror, "urls.tsv"), "url\tpath\n");
  await edit(folder);
  return mirror;
}

function runLoader(mirror: string, cache: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", LOADER, `--session=${SPRINT_ID}`], {
    cwd: projectRoot,
    env: {...process.env, PITWALL_MIRROR: mirror, PITWALL_CACHE_DIR: cache},
    maxBuffer: 64 * 1024 * 1024,
  });
  return {status: result.status, stdout: result.stdout, stderr: result.stderr.toString()};
}

async function countRows(tar: Buffer, table: string): Promise<number> {
  const target = join(dir, `extract-${Math.random().toString(36).slice(2)}`);
  await mkdir(target);
  await writeFile(join(target, "set.tar"), tar);
  spawnSync("tar", ["-xf", "set.tar"], {cwd: target});
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  const rows = (
    await connection.runAndReadAll(`SELECT count(*) FROM '${join(target, `${table}.parquet`)}'`)
  ).getRows();
  return Number(rows[0]![0]);
}

describe("session loader on broken archives", () => {
  it("names each broken file and line, skips it, keeps the rest and succeeds", async () => {
    const clean = runLoader(await mirrorWithSprint("clean", async () => {}), join(dir, "cache-clean"));
    expect(clean.status).toBe(0);

    const mirror = await mirrorWithSprint("broken", async (folder) => {
      const timing = join(folder, "TimingData.jsonStream");
      const lines = (await readFile(timing, "utf8")).split("\r\n");
      lines[499] = lines[499]!.slice(0, Math.floor(lines[499]!.length / 2)); // a line cut short mid-JSON
      await writeFile(timing, lines.join("\r\n"));
      const deflated = deflateRawSync(Buffer.from(JSON.stringify({Entries: []}))).toString("base64");
      await writeFile(
        join(folder, "CarData.z.jsonStream"),
        [
          `00:01:00.000"${deflated}"`,
          `00:01:01.000"not base64 at all!"`,
          `00:01:02.000"${Buffer.from("junk").toString("base64")}"`,
        ].join("\r\n"),
      );
      await writeFile(join(folder, "MadeUpTopic.jsonStream"), `00:00:01.000{"x":1}\r\n`);
    });
    const broken = runLoader(mirror, join(dir, "cache-broken"));
    expect(broken.stderr).toContain("TimingData.jsonStream:500");
    expect(broken.stderr).toContain("CarData.z.jsonStream:2");
    expect(broken.stderr).toContain("CarData.z.jsonStream:3");
    expect(broken.status).toBe(0);
    const cleanLaps = await countRows(clean.stdout, "laps");
    expect(cleanLaps).toBeGreaterThan(300);
    expect(Math.abs((await countRows(broken.stdout, "laps")) - cleanLaps)).toBeLessThanOrEqual(1);
  });

  it("fails with a clear error, and no output, when a topic it needs cannot be read at all", async () => {
    const mirror = await mirrorWithSprint("unreadable", async (folder) => {
      await writeFile(join(folder, "TimingData.jsonStream"), "garbage\r\nmore garbage\r\n");
    });
    const result = runLoader(mirror, join(dir, "cache-unreadable"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/cannot build correct tables, unreadable topics: TimingData/);
    expect(result.stdout.length).toBe(0);
  });
});

describe("store builder killed mid-write", () => {
  it("leaves no partial Parquet and no manifest; the next run completes the set", async () => {
    const cache = join(dir, "cache-killed");
    const id = "2025-mexico-city-grand-prix-qualifying";
    const args = ["--import", "tsx", join(projectRoot, "scripts/prepare-data.ts"), `--only=${id}`];
    const env = {...process.env, PITWALL_CACHE_DIR: cache};
    const child = spawn(process.execPath, args, {cwd: projectRoot, env, stdio: "ignore"});
    const findSet = async () => {
      const versions = existsSync(join(cache, "tables")) ? await readdir(join(cache, "tables")) : [];
      return versions.length ? join(cache, "tables", versions[0]!, id) : null;
    };
    let killedDuringWrite = false;
    for (let i = 0; i < 3000 && child.exitCode == null; i++) {
      const set = await findSet();
      if (set && existsSync(set) && (await readdir(set)).some((name) => name.endsWith(".tmp"))) {
        child.kill("SIGKILL");
        killedDuringWrite = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) =>
      child.exitCode != null || child.signalCode != null ? resolve(null) : child.once("exit", resolve),
    );
    expect(killedDuringWrite).toBe(true);
    const set = (await findSet())!;
    const names = await readdir(set);
    expect(names).not.toContain("manifest.json");
    const connection = await (await DuckDBInstance.create(":memory:")).connect();
    for (const name of names.filter((file) => file.endsWith(".parquet"))) {
      // Every .parquet present is whole: a partial file would fail to open.
      await connection.runAndReadAll(`SELECT count(*) FROM '${join(set, name)}'`);
    }

    const again = spawnSync(process.execPath, args, {cwd: projectRoot, env});
    expect(again.status).toBe(0);
    const after = await readdir(set);
    expect(after).toContain("manifest.json");
    expect(after.filter((name) => name.endsWith(".tmp"))).toEqual([]);
    const manifest = JSON.parse(await readFile(join(set, "manifest.json"), "utf8")) as {tables: object};
    const tables = Object.keys(manifest.tables).map((table) => `${table}.parquet`);
    expect(after.filter((name) => name.endsWith(".parquet")).sort()).toEqual(tables.sort());
  });
});
