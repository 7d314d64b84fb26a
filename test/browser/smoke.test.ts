import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {readNumber, waitForCells} from "./cells.js";
import {launchBrowser, type Browsing} from "./launch-browser.js";
import {openPage} from "./open-page.js";
import {startPreview} from "./preview.js";
import {queryServedParquet} from "./query-natively.js";
import type {Activity} from "./record-activity.js";
import {projectRoot, startSite} from "./site.js";
import {readSqlCell} from "./sql-cells.js";

function expectNoTrouble(activity: Activity): void {
  expect(activity.console).toEqual([]);
  expect(activity.pageErrors).toEqual([]);
  expect(activity.failedRequests).toEqual([]);
  expect(activity.nonLocalRequests).toEqual([]);
}

/**
 * Opens the smoke page at `baseUrl` and checks: the Plot chart has one line per driver, the SQL cell's
 * numbers equal the same query run by native DuckDB over the Parquet bytes the page downloaded,
 * DuckDB-WASM and parquet-wasm were loaded from the server, and nothing went wrong or outside.
 */
async function checkSmokePage(browsing: Browsing, baseUrl: string): Promise<void> {
  const {page, activity, close} = await openPage(browsing, baseUrl, "pages/smoke");
  try {
    await waitForCells(page, {timeout: 120_000});
    expect(await page.locator("main svg g[aria-label='line'] path").count()).toBe(3);
    const shown = {
      lap_count: await readNumber(page, "#lap-count"),
      total_lap_time_s: await readNumber(page, "#total-lap-time"),
    };

    const parquetUrl = activity.requests.find((url) => new URL(url).pathname.endsWith(".parquet"));
    expect(parquetUrl, "the page fetched its Parquet file").toBeDefined();
    const sql = readSqlCell(await readFile(join(projectRoot, "src/pages/smoke.md"), "utf-8"), "summary");
    const [native] = await queryServedParquet({laps: parquetUrl as string}, sql);
    expect(shown).toEqual(native);

    const wasm = activity.requests.filter((url) => url.endsWith(".wasm")).map((url) => url.split("/").pop());
    expect(wasm).toContain("parquet_wasm_bg.wasm");
    expect(wasm.some((name) => /^duckdb-(eh|mvp)\.wasm$/.test(name ?? ""))).toBe(true);
    expectNoTrouble(activity);
  } finally {
    await close();
  }
}

describe("built site (dist/), offline", () => {
  let site: Awaited<ReturnType<typeof startSite>>;
  let browsing: Browsing;

  beforeAll(async () => {
    site = await startSite();
    browsing = await launchBrowser();
  });

  afterAll(async () => {
    await browsing?.close();
    await site?.close();
  });

  it("smoke page: Plot draws, SQL runs in DuckDB-WASM over parquet-wasm and agrees with native DuckDB", async () => {
    await checkSmokePage(browsing, site.url);
  });

  it("home page loads with no outside request (no web fonts, no CDN)", async () => {
    const {page, activity, close} = await openPage(browsing, site.url, "");
    try {
      await waitForCells(page);
      expect(await page.locator("h1").first().textContent()).toBe("PitWall");
      expectNoTrouble(activity);
    } finally {
      await close();
    }
  });
});

describe("observable preview, offline", () => {
  it("serves the smoke page from the npm cache with nothing fetched from outside", async () => {
    const preview = await startPreview();
    const browsing = await launchBrowser();
    try {
      await checkSmokePage(browsing, preview.url);
    } finally {
      await browsing.close();
      await preview.close();
    }
  });
});
