import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {serveFixtures, type FixtureSite} from "./fixture-site.js";
import {launchBrowser, type Browsing} from "./launch-browser.js";
import {openPage} from "./open-page.js";
import {isLocalUrl} from "./record-activity.js";

describe("isLocalUrl", () => {
  it("accepts loopback and in-page URLs only", () => {
    expect(isLocalUrl("http://127.0.0.1:3000/x.js")).toBe(true);
    expect(isLocalUrl("http://localhost/")).toBe(true);
    expect(isLocalUrl("ws://[::1]:8080/live")).toBe(true);
    expect(isLocalUrl("data:,")).toBe(true);
    expect(isLocalUrl("blob:http://127.0.0.1:3000/abc")).toBe(true);
    expect(isLocalUrl("https://fonts.googleapis.com/css2")).toBe(false);
    expect(isLocalUrl("https://extensions.duckdb.org/v1.1.1/wasm_eh/json.duckdb_extension.wasm")).toBe(false);
    expect(isLocalUrl("http://127.0.0.1.example.com/")).toBe(false);
    expect(isLocalUrl("not a url")).toBe(false);
  });
});

describe("recordActivity", () => {
  let site: FixtureSite;
  let browsing: Browsing;

  beforeAll(async () => {
    site = await serveFixtures({
      "index.html": `<!doctype html><link rel="icon" href="data:,"><img src="missing.png">
        <script type="module">
          console.error("cell exploded");
          new Worker("worker.js");
          fetch("https://cdn.jsdelivr.net/npm/d3/+esm").catch(() => {});
          setTimeout(() => { throw new Error("uncaught in page"); });
        </script>`,
      "worker.js": `console.warn("worker warns");`,
      "quiet.html": `<!doctype html><link rel="icon" href="data:,"><p>quiet</p>`,
    });
    browsing = await launchBrowser();
  });

  afterAll(async () => {
    await browsing?.close();
    await site?.close();
  });

  it("records console errors, worker warnings, page errors, failed and outside requests", async () => {
    const {page, activity, close} = await openPage(browsing, site.url, "index.html");
    try {
      await page.waitForTimeout(1_000);
      const consoleTexts = activity.console.map((entry) => `${entry.type}: ${entry.text}`);
      expect(consoleTexts).toContain("error: cell exploded");
      expect(consoleTexts).toContain("warning: worker warns");
      expect(activity.pageErrors.join("\n")).toContain("uncaught in page");
      expect(activity.failedRequests.some((entry) => entry.includes("missing.png (HTTP 404)"))).toBe(true);
      expect(activity.nonLocalRequests).toEqual(["https://cdn.jsdelivr.net/npm/d3/+esm"]);
    } finally {
      await close();
    }
  });

  it("starts empty for each page and stops recording when the page closes", async () => {
    const {activity, close} = await openPage(browsing, site.url, "quiet.html");
    await close();
    const {close: closeNoisy} = await openPage(browsing, site.url, "index.html");
    await closeNoisy();
    expect(activity.console).toEqual([]);
    expect(activity.pageErrors).toEqual([]);
    expect(activity.failedRequests).toEqual([]);
    expect(activity.requests).toEqual([new URL("quiet.html", site.url).href]);
  });
});
