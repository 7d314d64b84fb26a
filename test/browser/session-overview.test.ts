import {readdir, readFile} from "node:fs/promises";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {describe, expect, it} from "vitest";
import {waitForCells} from "./cells.js";
import {launchBrowser} from "./launch-browser.js";
import {openPage} from "./open-page.js";
import {useSiteInBrowser} from "./site-in-browser.js";
import {startPreview} from "./preview.js";
import {queryServedParquet} from "./query-natively.js";
import type {Activity} from "./record-activity.js";
import {distDir, projectRoot} from "./site.js";
import {readSqlCell} from "../../src/notebook/sql-cells.js";

const pagePath = (sessionId: string) => `pages/session/${sessionId}`;
const markdown = () => readFile(join(projectRoot, "src/pages/session/[session].md"), "utf-8");

function expectNoTrouble(activity: Activity): void {
  expect(activity.console).toEqual([]);
  expect(activity.pageErrors).toEqual([]);
  expect(activity.failedRequests).toEqual([]);
  expect(activity.nonLocalRequests).toEqual([]);
}

/** URLs of the Parquet tables a page downloaded, by table name (Framework adds a content hash to each). */
function parquetUrls(activity: Activity): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const url of activity.requests) {
    const match = /\/([a-z_]+)\.[0-9a-f]+\.parquet$/.exec(new URL(url).pathname);
    if (match) urls[match[1]!] = url;
  }
  return urls;
}

/** The classification table as shown: per row, each cell's raw value by column. */
async function readShownClassification(page: Page): Promise<Record<string, string | null>[]> {
  return page.$$eval("table.classification tbody tr", (rows) =>
    rows.map((row) =>
      Object.fromEntries(
        [...row.querySelectorAll("td")].map((td) => [td.dataset.column!, td.dataset.value ?? null]),
      ),
    ),
  );
}

function asShown(value: unknown): string | null {
  return value == null ? null : String(value);
}

describe("session overview notebook (built site, offline)", () => {
  const shared = useSiteInBrowser();

  it.each([
    ["2025-mexico-city-grand-prix-qualifying", "timed"],
    ["2025-miami-grand-prix-sprint", "race"],
    ["2018-azerbaijan-grand-prix-race", "race"],
  ] as const)(
    "%s: classification and lap summary equal native DuckDB on the same Parquet",
    async (id, kind) => {
      const {page, activity, close} = await openPage(shared.browsing, shared.site.url, pagePath(id));
      try {
        await waitForCells(page, {timeout: 120_000});
        const urls = parquetUrls(activity);
        expect(Object.keys(urls)).toEqual(expect.arrayContaining(["classification", "drivers", "laps"]));
        const source = await markdown();

        const native = await queryServedParquet(urls, readSqlCell(source, "classification"));
        const shown = await readShownClassification(page);
        expect(shown.length).toBe(native.length);
        expect(native.length).toBeGreaterThan(0);
        const columns = ["position", "driver_number", "driver", "team", "number_of_laps", "status"];
        columns.push(kind === "race" ? "gap_to_leader_s" : "best_lap_duration");
        shown.forEach((row, i) => {
          for (const column of columns) {
            // The winner's gap cell says "Winner" and carries no number of its own.
            if (column === "gap_to_leader_s" && native[i]!.position === 1) continue;
            expect({row: i, column, value: row[column]}).toEqual({
              row: i,
              column,
              value: asShown(native[i]![column]),
            });
          }
        });

        const [summary] = await queryServedParquet({laps: urls.laps!}, readSqlCell(source, "lapSummary"));
        for (const column of ["laps_timed", "fastest_lap_s", "median_lap_s"]) {
          const value = await page.getAttribute(`#lap-summary [data-column="${column}"]`, "data-value");
          expect(Number(value)).toBeCloseTo(Number(summary![column]), 9);
        }
        expect(await page.locator("main svg").count()).toBeGreaterThan(0);
        expectNoTrouble(activity);
      } finally {
        await close();
      }
    },
  );

  it("a partial session says in words what is missing, and shows what it has", async () => {
    const id = "2020-belgian-grand-prix-race";
    const {page, activity, close} = await openPage(shared.browsing, shared.site.url, pagePath(id));
    try {
      await waitForCells(page);
      const [availability] = [
        await queryServedParquet(
          {availability: parquetUrls(activity).availability!},
          "SELECT table_name, reason FROM availability WHERE status = 'absent' ORDER BY table_name",
        ),
      ];
      expect(availability!.map((row) => row.table_name)).toContain("laps");
      const note = await page.locator("#absent-tables").innerText();
      for (const row of availability!) expect(note).toContain(`${row.table_name}: ${row.reason}`);
      expect(await page.locator('[data-missing="classification"]').innerText()).toContain("TimingData");
      expect(await page.locator("table.classification").count()).toBe(0);
      // Stints come from TimingAppData, which this archive does hold: the chart is drawn.
      expect(await page.locator("main svg g[aria-label='bar'] rect").count()).toBeGreaterThan(20);
      const text = await page.locator("main").innerText();
      expect(text).not.toMatch(/\bnull\b|undefined|NaN|Error/);
      expectNoTrouble(activity);
    } finally {
      await close();
    }
  });

  it("changing the driver selection redraws the lap chart", async () => {
    const {page, activity, close} = await openPage(
      shared.browsing,
      shared.site.url,
      pagePath("2025-miami-grand-prix-sprint"),
    );
    try {
      await waitForCells(page);
      const legend = () => page.locator("main div[class*='-swatches']").first().innerText();
      const before = await legend();
      const select = page.locator("main form select[multiple]").first();
      const options = await select.locator("option").allTextContents();
      await select.selectOption([options.at(-1)!]);
      await expect.poll(legend).not.toBe(before);
      expect((await legend()).trim()).toBe(options.at(-1));
      expectNoTrouble(activity);
    } finally {
      await close();
    }
  });

  it("every session page built renders with no error, failed or outside request", async () => {
    const ids = (await readdir(join(distDir, "pages/session")))
      .filter((name) => name.endsWith(".html"))
      .map((name) => name.slice(0, -".html".length));
    expect(ids.length).toBeGreaterThanOrEqual(40);
    for (const id of ids) {
      const {page, activity, close} = await openPage(shared.browsing, shared.site.url, pagePath(id));
      try {
        await waitForCells(page, {timeout: 120_000});
        expect(await page.locator("#session-title").innerText(), id).not.toBe("");
        const trouble = [
          activity.console,
          activity.pageErrors,
          activity.failedRequests,
          activity.nonLocalRequests,
        ];
        expect({id, trouble}).toEqual({id, trouble: [[], [], [], []]});
      } finally {
        await close();
      }
    }
  }, 900_000);
});

describe("observable preview, offline", () => {
  it("serves a session notebook with nothing fetched from outside", async () => {
    const preview = await startPreview();
    const browsing = await launchBrowser();
    try {
      const {page, activity, close} = await openPage(
        browsing,
        preview.url,
        pagePath("2025-miami-grand-prix-sprint"),
      );
      try {
        await waitForCells(page, {timeout: 180_000});
        expect(await page.locator("table.classification tbody tr").count()).toBe(20);
        expectNoTrouble(activity);
      } finally {
        await close();
      }
    } finally {
      await browsing.close();
      await preview.close();
    }
  });
});
