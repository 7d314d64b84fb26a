import {describe, expect, it} from "vitest";
import {waitForCells} from "./cells.js";
import type {Page} from "playwright-core";
import {openPage} from "./open-page.js";
import {useSiteInBrowser} from "./site-in-browser.js";
import type {Activity} from "./record-activity.js";

function expectNoTrouble(activity: Activity): void {
  expect({
    console: activity.console,
    pageErrors: activity.pageErrors,
    failedRequests: activity.failedRequests,
    nonLocalRequests: activity.nonLocalRequests,
  }).toEqual({console: [], pageErrors: [], failedRequests: [], nonLocalRequests: []});
}

/** Rows of an HTML table as {column: exact value} (PredictionTable's data-column / data-value). */
function readShownTable(page: Page, selector: string): Promise<Record<string, string | null>[]> {
  return page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((row) =>
      Object.fromEntries(
        [...row.querySelectorAll("td")].map((td) => [td.dataset.column!, td.dataset.value ?? null]),
      ),
    ),
  );
}

describe("predictions notebook (built site, offline, ONNX Runtime Web)", () => {
  const shared = useSiteInBrowser();

  it("Miami 2025 sprint: the browser's ONNX run equals Node's, win sums to 1, every section drawn", async () => {
    const {page, activity, close} = await openPage(
      shared.browsing,
      shared.site.url,
      "pages/models/2025-miami-grand-prix-sprint",
    );
    try {
      await waitForCells(page, {timeout: 120_000});
      const parity = (await page.locator("#parity").textContent()) ?? "";
      const agreements = [...parity.matchAll(/within (\d(?:\.\d+)?e[+-]\d+)/g)].map((match) =>
        Number(match[1]),
      );
      expect(agreements).toHaveLength(2);
      for (const difference of agreements) expect(difference).toBeLessThan(1e-5);
      const table = await readShownTable(page, "table.prediction-table");
      expect(table.length).toBe(20);
      expect(table.reduce((sum, row) => sum + Number(row.win), 0)).toBeCloseTo(1, 4);
      expect(table.find((row) => row.won === "1")?.driver).toBe("norris");
      expect(await page.locator("svg[aria-label], figure svg, svg").count()).toBeGreaterThanOrEqual(3);
      expect(await page.getByText("Out of domain").count()).toBe(1);
      expect(await page.locator('.warning[label="2026 and beyond"]').count()).toBe(1);
      expect(await page.getByText(/The 2026 regulations bring new cars/).count()).toBe(1);
      expectNoTrouble(activity);
      expect(
        activity.requests.some((url) => url.includes("ort-wasm-simd-threaded") && url.endsWith(".wasm")),
      ).toBe(true);
    } finally {
      await close();
    }
  });

  it("a 2026 race the history does not reach says why each section is empty, without errors", async () => {
    const {page, activity, close} = await openPage(
      shared.browsing,
      shared.site.url,
      "pages/models/2026-chinese-grand-prix-race",
    );
    try {
      await waitForCells(page, {timeout: 120_000});
      expect(await page.locator("p.missing").count()).toBeGreaterThanOrEqual(3);
      expect(await page.getByText(/Ergast ends at 2025 round 18/).count()).toBe(1);
      expectNoTrouble(activity);
    } finally {
      await close();
    }
  });
});
