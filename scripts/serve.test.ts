import {mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {request} from "node:http";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {parseRange, serveStatic, toContentType, toFileCandidates, type StaticServer} from "./serve.js";

describe("toFileCandidates", () => {
  it("maps clean URLs to Framework's .html files", () => {
    expect(toFileCandidates("/site", "/")).toEqual(["/site/index.html"]);
    expect(toFileCandidates("/site", "/pages/smoke")).toEqual([
      "/site/pages/smoke.html",
      "/site/pages/smoke",
      "/site/pages/smoke/index.html",
    ]);
    expect(toFileCandidates("/site", "/_npm/d3@7.9.2/abc.js")).toEqual([
      "/site/_npm/d3@7.9.2/abc.js",
      "/site/_npm/d3@7.9.2/abc.js.html",
    ]);
  });

  it("refuses paths that leave the root or cannot be decoded", () => {
    expect(toFileCandidates("/site", "/%2e%2e/etc/passwd")).toBeNull();
    expect(toFileCandidates("/site", "/..%2f..%2fetc/passwd")).toBeNull();
    expect(toFileCandidates("/site", "/%E0%A4%A")).toBeNull();
    expect(toFileCandidates("/site", "/a%00b")).toBeNull();
  });
});

describe("toContentType", () => {
  it("serves WebAssembly and modules with the types browsers insist on", () => {
    expect(toContentType("duckdb-eh.wasm")).toBe("application/wasm");
    expect(toContentType("client.0c6abeeb.js")).toBe("text/javascript; charset=utf-8");
    expect(toContentType("laps.parquet")).toBe("application/vnd.apache.parquet");
    expect(toContentType("blob.bin")).toBe("application/octet-stream");
  });
});

describe("parseRange", () => {
  it("reads single byte ranges", () => {
    expect(parseRange("bytes=0-3", 10)).toEqual([0, 3]);
    expect(parseRange("bytes=4-", 10)).toEqual([4, 9]);
    expect(parseRange("bytes=-4", 10)).toEqual([6, 9]);
    expect(parseRange("bytes=8-100", 10)).toEqual([8, 9]);
  });

  it("ignores what it does not understand and rejects ranges past the end", () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange("bytes=0-1,4-5", 10)).toBeNull();
    expect(parseRange("items=0-1", 10)).toBeNull();
    expect(parseRange("bytes=10-12", 10)).toBe("unsatisfiable");
    expect(parseRange("bytes=5-2", 10)).toBe("unsatisfiable");
  });
});

describe("serveStatic", () => {
  let root: string;
  let server: StaticServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "pitwall-serve-"));
    await mkdir(join(root, "pages"));
    await writeFile(join(root, "index.html"), "<h1>home</h1>");
    await writeFile(join(root, "pages", "smoke.html"), "<h1>smoke</h1>");
    await writeFile(join(root, "module.wasm"), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    server = await serveStatic(root);
  });

  afterAll(async () => {
    await server?.close();
    await rm(root, {recursive: true, force: true});
  });

  it("listens on loopback and serves clean URLs", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(server.url)).text()).toBe("<h1>home</h1>");
    const page = await fetch(new URL("pages/smoke", server.url));
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toBe("<h1>smoke</h1>");
  });

  it("serves WebAssembly as application/wasm, and byte ranges", async () => {
    const whole = await fetch(new URL("module.wasm", server.url));
    expect(whole.headers.get("content-type")).toBe("application/wasm");
    expect(new Uint8Array(await whole.arrayBuffer())).toHaveLength(8);
    const part = await fetch(new URL("module.wasm", server.url), {headers: {range: "bytes=1-3"}});
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 1-3/8");
    expect(new TextDecoder().decode(await part.arrayBuffer())).toBe("asm");
  });

  it("answers a repeat visit with 304 while the file is unchanged", async () => {
    const first = await fetch(server.url);
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("cache-control")).toBe("no-cache");
    const again = await fetch(server.url, {headers: {"if-none-match": etag}});
    expect(again.status).toBe(304);
    await writeFile(join(root, "index.html"), "<h1>home, rebuilt</h1>");
    const changed = await fetch(server.url, {headers: {"if-none-match": etag}});
    expect(changed.status).toBe(200);
    expect(await changed.text()).toBe("<h1>home, rebuilt</h1>");
  });

  it("answers 404, 405 and 400 to missing files, writes and escapes", async () => {
    expect((await fetch(new URL("pages/nope", server.url))).status).toBe(404);
    expect((await fetch(server.url, {method: "POST", body: "x"})).status).toBe(405);
    expect(await rawStatus(server.url, "/..%2f..%2fetc/passwd")).toBe(400);
  });
});

/** GETs a path exactly as written (fetch would normalise it). */
function rawStatus(baseUrl: string, path: string): Promise<number | undefined> {
  const {hostname, port} = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({hostname, port, path, method: "GET"}, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    req.on("error", reject);
    req.end();
  });
}
