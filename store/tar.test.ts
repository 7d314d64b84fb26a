import {execFileSync} from "node:child_process";
import {createWriteStream} from "node:fs";
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, expect, it} from "vitest";
import {tarHeader, writeTar} from "./tar.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pitwall-tar-"));
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

it("writes an archive that GNU tar lists and extracts byte for byte", async () => {
  const small = Buffer.from("laps");
  const odd = Buffer.alloc(1000, 7); // not a multiple of 512: needs padding
  await writeFile(join(dir, "a.bin"), small);
  await writeFile(join(dir, "b.bin"), odd);
  const archive = join(dir, "set.tar");
  const out = createWriteStream(archive);
  await writeTar(
    [
      {name: "laps.parquet", path: join(dir, "a.bin")},
      {name: "car_data.parquet", path: join(dir, "b.bin")},
    ],
    out,
  );
  await new Promise((resolve) => out.end(resolve));
  expect(execFileSync("tar", ["-tf", archive], {encoding: "utf8"}).trim().split("\n")).toEqual([
    "laps.parquet",
    "car_data.parquet",
  ]);
  const target = join(dir, "out");
  execFileSync("mkdir", ["-p", target]);
  execFileSync("tar", ["-xf", archive, "-C", target]);
  expect(await readFile(join(target, "laps.parquet"))).toEqual(small);
  expect(await readFile(join(target, "car_data.parquet"))).toEqual(odd);
});

it("refuses member names tar cannot hold in a plain header", () => {
  expect(() => tarHeader("x".repeat(101), 1, 0)).toThrow("tar member name not supported");
  expect(() => tarHeader("café.parquet", 1, 0)).toThrow("tar member name not supported");
});
