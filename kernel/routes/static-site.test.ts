import {mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {staticSiteRoutes} from "./static-site.js";

describe("the kernel's static site", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "pitwall-site-"));
    await mkdir(join(root, "_observablehq"));
    await writeFile(join(root, "index.html"), "<h1>home</h1>");
    await writeFile(join(root, "_observablehq", "client.51de9f56.js"), "export {};");
  });
  afterAll(() => rm(root, {recursive: true, force: true}));

  it("serves clean URLs, keeps content-hashed files a year and revalidates pages with an ETag", async () => {
    const site = staticSiteRoutes(root);
    const page = await site.request("/");
    expect(await page.text()).toBe("<h1>home</h1>");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    const repeat = await site.request("/", {headers: {"if-none-match": page.headers.get("etag")!}});
    expect(repeat.status).toBe(304);
    const hashed = await site.request("/_observablehq/client.51de9f56.js");
    expect(hashed.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(hashed.headers.get("cache-control")).toContain("immutable");
    expect((await site.request("/nope")).status).toBe(404);
  });
});
