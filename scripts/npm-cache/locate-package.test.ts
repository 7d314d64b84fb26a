import {join, resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {locatePackage, toBareSpecifier} from "./locate-package.js";

const projectRoot = resolve(import.meta.dirname, "../..");

describe("toBareSpecifier", () => {
  it("splits package name and subpath", () => {
    expect(toBareSpecifier("d3")).toEqual({name: "d3", subpath: ""});
    expect(toBareSpecifier("d3-array/src/index.js")).toEqual({name: "d3-array", subpath: "src/index.js"});
    expect(toBareSpecifier("@duckdb/duckdb-wasm")).toEqual({name: "@duckdb/duckdb-wasm", subpath: ""});
    expect(toBareSpecifier("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm")).toEqual({
      name: "@duckdb/duckdb-wasm",
      subpath: "dist/duckdb-eh.wasm",
    });
  });

  it("rejects relative, absolute, URL and malformed specifiers", () => {
    for (const specifier of [
      "./x.js",
      "../x.js",
      "/abs.js",
      "node:fs",
      "https://cdn.jsdelivr.net/npm/d3",
      "@scope",
    ]) {
      expect(toBareSpecifier(specifier), specifier).toBeNull();
    }
  });
});

describe("locatePackage", () => {
  it("finds the copy npm installed for the importer, nested ones first", () => {
    const duckdb = locatePackage("@duckdb/duckdb-wasm", projectRoot);
    expect(duckdb?.version).toBe("1.29.0");
    const nestedArrow = locatePackage("apache-arrow", join(duckdb?.dir ?? "", "dist"));
    const rootArrow = locatePackage("apache-arrow", projectRoot);
    expect(nestedArrow?.dir).toBe(join(duckdb?.dir ?? "", "node_modules", "apache-arrow"));
    expect(rootArrow?.dir).toBe(join(projectRoot, "node_modules", "apache-arrow"));
    expect(nestedArrow?.version).not.toBe(rootArrow?.version);
  });

  it("returns null for a package that is not installed", () => {
    expect(locatePackage("pitwall-no-such-package", projectRoot)).toBeNull();
  });
});
