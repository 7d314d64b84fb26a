import {describe, expect, it} from "vitest";
import {isNotModified, toCacheControl, toEtag} from "./cache-headers.js";

describe("cache headers", () => {
  it("lets browsers keep content-hashed files and revalidates the rest", () => {
    expect(toCacheControl("/_observablehq/client.51de9f56.js")).toContain("immutable");
    expect(toCacheControl("/_file/data/session/x/laps.7e2f1a3b.parquet")).toContain("immutable");
    expect(toCacheControl("/_npm/d3-zoom@3.0.1/fac4a28b.js")).toContain("immutable");
    expect(toCacheControl("/_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm")).toBe("no-cache");
    expect(toCacheControl("/pages/race/2025-miami-grand-prix-sprint")).toBe("no-cache");
    expect(toCacheControl("/index.html")).toBe("no-cache");
  });

  it("an ETag matches itself, weak or strong, and nothing after the file changes", () => {
    const etag = toEtag({size: 1000, mtimeMs: 1_700_000_000_123.4});
    expect(isNotModified(etag, etag)).toBe(true);
    expect(isNotModified(`"x", ${etag.replace("W/", "")}`, etag)).toBe(true);
    expect(isNotModified("*", etag)).toBe(true);
    expect(isNotModified(undefined, etag)).toBe(false);
    expect(isNotModified(etag, toEtag({size: 1000, mtimeMs: 1_700_000_000_999}))).toBe(false);
    expect(isNotModified(etag, toEtag({size: 1001, mtimeMs: 1_700_000_000_123.4}))).toBe(false);
  });
});
