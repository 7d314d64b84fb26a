import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {bundleEntry, toCachePath} from "./bundle-entry.js";
import {locatePackage, type InstalledPackage} from "./locate-package.js";

const projectRoot = resolve(import.meta.dirname, "../..");

function installed(name: string): InstalledPackage {
  const pkg = locatePackage(name, projectRoot);
  if (!pkg) throw new Error(`${name} must be installed for this test`);
  return pkg;
}

describe("toCachePath", () => {
  const pkg = {name: "@duckdb/duckdb-wasm", version: "1.29.0", dir: "/nm/@duckdb/duckdb-wasm"};

  it("names entries the way Framework's resolveNpmImport does", () => {
    expect(toCachePath({pkg, subpath: ""})).toBe("@duckdb/duckdb-wasm@1.29.0/_esm.js");
    expect(toCachePath({pkg, subpath: "dist/duckdb-browser"})).toBe(
      "@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser._esm.js",
    );
    expect(toCachePath({pkg, subpath: "dist/duckdb-browser.mjs"})).toBe(
      "@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser.mjs",
    );
  });
});

describe("bundleEntry", () => {
  const policy = {projectRoot, sharedFromRoot: new Set<string>()};

  it("inlines the package's own modules and imports other packages from their cache folders", async () => {
    const plot = installed("@observablehq/plot");
    const {code, dependencies} = await bundleEntry({pkg: plot, subpath: ""}, policy);
    const names = dependencies.map((dependency) => dependency.pkg.name).sort();
    expect(names).toEqual(["d3", "interval-tree-1d", "isoformat"]);
    const d3 = installed("d3");
    expect(code).toContain(`"../../d3@${d3.version}/_esm.js"`);
    expect(code).not.toMatch(/from\s*"d3"/);
    expect(code).toContain("plot");
  });

  it("gives DuckDB-WASM its own apache-arrow unless apache-arrow is shared from the root", async () => {
    const duckdb = installed("@duckdb/duckdb-wasm");
    const rootArrow = installed("apache-arrow");
    const own = await bundleEntry({pkg: duckdb, subpath: ""}, policy);
    const shared = await bundleEntry(
      {pkg: duckdb, subpath: ""},
      {...policy, sharedFromRoot: new Set(["apache-arrow"])},
    );
    expect(own.dependencies.map((dependency) => dependency.pkg.version)).not.toContain(rootArrow.version);
    expect(
      shared.dependencies.map((dependency) => `${dependency.pkg.name}@${dependency.pkg.version}`),
    ).toEqual([`apache-arrow@${rootArrow.version}`]);
    expect(shared.code).toContain(`"../../apache-arrow@${rootArrow.version}/_esm.js"`);
  });

  it("reports a subpath the package does not have", async () => {
    await expect(bundleEntry({pkg: installed("htl"), subpath: "no/such/module"}, policy)).rejects.toThrow();
  });
});
