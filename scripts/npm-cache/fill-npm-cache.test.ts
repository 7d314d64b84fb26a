import {existsSync, readdirSync} from "node:fs";
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {fillNpmCache, type FillOptions} from "./fill-npm-cache.js";

const projectRoot = resolve(import.meta.dirname, "../..");

interface FrameworkNpm {
  resolveNpmImport(root: string, specifier: string): Promise<string>;
  resolveNpmImports(root: string, path: string): Promise<{name: string; type: string}[]>;
}

describe("fillNpmCache", () => {
  let sourceRoot: string;
  let options: FillOptions;
  const lines: string[] = [];

  beforeEach(async () => {
    sourceRoot = await mkdtemp(join(tmpdir(), "pitwall-npm-cache-"));
    // Lets Node import the cached bundles as ES modules.
    await writeFile(join(sourceRoot, "package.json"), '{"type": "module"}\n');
    lines.length = 0;
    options = {
      projectRoot,
      sourceRoot,
      packages: [{name: "d3-dsv"}, {name: "htl"}],
      sharedFromRoot: [],
      versionMarkers: {lodash: "4.17.21"},
      log: (line) => lines.push(line),
    };
  });

  afterEach(async () => {
    await rm(sourceRoot, {recursive: true, force: true});
  });

  it("writes bundles Framework resolves without the network, and a Node-importable d3-dsv", async () => {
    const report = await fillNpmCache(options);
    expect(report.upToDate).toBe(false);
    expect(report.packages.map((key) => key.replace(/@[^@]+$/, "")).sort()).toEqual(["d3-dsv", "htl"]);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(report.cacheDir, "lodash@4.17.21"))).toBe(true);

    // Framework's own resolver (which would otherwise ask registry.npmjs.org) finds the versions.
    const frameworkNpm = join(projectRoot, "node_modules/@observablehq/framework/dist/npm.js");
    const npm = (await import(pathToFileURL(frameworkNpm).href)) as FrameworkNpm;
    const dsvPath = await npm.resolveNpmImport(sourceRoot, "d3-dsv");
    expect(dsvPath).toMatch(/^\/_npm\/d3-dsv@\d+\.\d+\.\d+\/_esm\.js$/);
    expect(await npm.resolveNpmImport(sourceRoot, "lodash")).toBe("/_npm/lodash@4.17.21/_esm.js");
    expect(await npm.resolveNpmImports(sourceRoot, dsvPath)).toEqual([]);

    const dsv = (await import(pathToFileURL(join(report.cacheDir, dsvPath.slice("/_npm/".length))).href)) as {
      csvParse(text: string): Record<string, string>[];
    };
    expect(dsv.csvParse("driver,lap\nVER,1\nNOR,2")).toEqual(
      Object.assign(
        [
          {driver: "VER", lap: "1"},
          {driver: "NOR", lap: "2"},
        ],
        {columns: ["driver", "lap"]},
      ),
    );
  });

  it("returns at once when nothing changed, and rebuilds on --force", async () => {
    await fillNpmCache(options);
    const again = await fillNpmCache(options);
    expect(again.upToDate).toBe(true);
    const forced = await fillNpmCache({...options, force: true});
    expect(forced.upToDate).toBe(false);
  });

  it("rebuilds when the package list changes", async () => {
    await fillNpmCache(options);
    const report = await fillNpmCache({...options, packages: [...options.packages, {name: "isoformat"}]});
    expect(report.upToDate).toBe(false);
    expect(report.packages.some((key) => key.startsWith("isoformat@"))).toBe(true);
  });

  it("keeps the previous cache whole when a fill fails", async () => {
    const first = await fillNpmCache(options);
    const stamp = await readFile(join(first.cacheDir, ".pitwall-npm-cache.json"), "utf-8");
    const broken = {...options, packages: [...options.packages, {name: "pitwall-no-such-package"}]};
    await expect(fillNpmCache(broken)).rejects.toThrow(
      "pitwall-no-such-package is not installed: run `npm ci`",
    );
    expect(await readFile(join(first.cacheDir, ".pitwall-npm-cache.json"), "utf-8")).toBe(stamp);
    const cacheRoot = join(sourceRoot, ".observablehq", "cache");
    expect(readdirSync(cacheRoot)).toEqual(["_npm"]);
  });

  it("names the file a package lacks", async () => {
    const missingFile = {...options, packages: [{name: "htl", files: ["dist/no-such.wasm"]}]};
    await expect(fillNpmCache(missingFile)).rejects.toThrow(/htl@[\d.]+ has no dist\/no-such\.wasm/);
  });
});
