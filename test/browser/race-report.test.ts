import {beforeAll, describe, expect, it} from "vitest";
import {waitForCells} from "./cells.js";
import {
  expectNoTrouble,
  expectRowsEqual,
  parquetUrls,
  queryCellNatively,
  readPageSource,
  readShownTable,
} from "./notebook-pages.js";
import {openPage} from "./open-page.js";
import {useSiteInBrowser} from "./site-in-browser.js";

const pagePath = (id: string) => `pages/race/${id}`;

describe("race report notebook (built site, offline)", () => {
  const shared = useSiteInBrowser();
  let source: string;

  beforeAll(async () => {
    source = await readPageSource("race/[session].md");
  });

  it("complete sprint: classification, fastest laps, pit stops and lap chart equal native DuckDB; the lap slider moves the tower", async () => {
    const {page, activity, close} = await openPage(
      shared.browsing,
      shared.site.url,
      pagePath("2025-miami-grand-prix-sprint"),
    );
    try {
      await waitForCells(page, {timeout: 120_000});
      expect(await page.locator("#report-title").innerText()).toBe("Miami Grand Prix 2025: Sprint");
      const urls = parquetUrls(activity);

      const classification = await queryCellNatively(source, "classification", urls);
      expect(classification.length).toBe(20);
      const shown = await readShownTable(page, "table.classification");
      expectRowsEqual(
        shown.map((row, i) => (i === 0 ? {...row, gap_to_leader_s: null} : row)),
        classification.map((row, i) => (i === 0 ? {...row, gap_to_leader_s: null} : row)),
        ["position", "driver_number", "driver", "number_of_laps", "status", "gap_to_leader_s"],
      );

      const fastest = await queryCellNatively(source, "fastestLaps", urls);
      expectRowsEqual(await readShownTable(page, "table.fastest-laps"), fastest, [
        "rank",
        "driver",
        "lap_number",
        "lap_duration",
        "compound",
      ]);

      const stops = await queryCellNatively(source, "pitStops", urls);
      const shownStops = await readShownTable(page, "table.pit-table");
      const key = (row: Record<string, unknown>) =>
        `${row.lap_number}|${row.driver}|${row.pit_duration}|${row.compound_after ?? ""}`;
      expect(shownStops.map(key).sort()).toEqual(
        stops.map((row) => key({...row, pit_duration: row.pit_duration})).sort(),
      );
      expect(stops.length).toBeGreaterThan(10);

      const lapChart = await queryCellNatively(source, "lapChartRows", urls);
      expect(new Set(lapChart.map((row) => row.source))).toEqual(new Set(["TimingData"]));
      const labels = await page.locator("#lap-chart g[aria-label='text'] text").allTextContents();
      expect(new Set(labels)).toEqual(new Set(lapChart.map((row) => row.driver)));
      expect(await page.locator("#lap-chart-source").innerText()).toContain("from TimingData");

      // Interaction: the tower follows the lap slider, and shows what SQL says about that lap.
      const slider = page.locator("form input[type=number]").first();
      await slider.fill("5");
      await slider.press("Enter");
      await expect.poll(() => page.locator("table.timing-tower caption").innerText()).toBe("After lap 5");
      const tower = (await queryCellNatively(source, "towerLaps", urls)).filter(
        (row) => row.lap_number === 5,
      );
      expect(tower.length).toBeGreaterThan(15);
      expectRowsEqual(await readShownTable(page, "table.timing-tower"), tower, [
        "position",
        "driver",
        "gap_to_leader_s",
        "compound",
        "pit_stops",
      ]);

      // Interaction: the race trace draws the drivers chosen.
      const traceSelect = page.locator("form select[multiple]").nth(1);
      const options = await traceSelect.locator("option").allTextContents();
      await traceSelect.selectOption(options.slice(0, 2));
      // The end-of-line labels name exactly the drivers chosen (other labels mark SC/VSC spans).
      const traceLabels = async () =>
        (await page.locator("#race-trace g[aria-label='text'] text").allTextContents())
          .filter((label) => options.includes(label))
          .sort();
      await expect.poll(traceLabels).toEqual(options.slice(0, 2).sort());
      expectNoTrouble(activity);
    } finally {
      await close();
    }
  });

  it("partial race (no TimingData): says what is missing in words, shows stints and race control", async () => {
    const {page, activity, close} = await openPage(
      shared.browsing,
      shared.site.url,
      pagePath("2025-british-grand-prix-race"),
    );
    try {
      await waitForCells(page, {timeout: 120_000});
      const urls = parquetUrls(activity);
      for (const table of ["classification", "lap_chart", "laps", "pit_stops"]) {
        const note = page.locator(`[data-missing~="${table}"]`).first();
        expect(await note.innerText(), table).toMatch(/^No .+: .+/);
      }
      expect(await page.locator('[data-missing="classification"]').innerText()).toContain("TimingData");
      expect(await page.locator('[data-missing="lap_chart"]').first().innerText()).toContain(
        "2025_british_grand_prix.csv",
      );
      expect(await page.locator("table.classification").count()).toBe(0);

      const stints = await queryCellNatively(source, "stintRows", urls);
      const drawable = stints.filter((row) => row.lap_start != null && row.lap_end != null);
      expect(drawable.length).toBeGreaterThan(20);
      expect(await page.locator("#stint-chart g[aria-label='bar'] rect").count()).toBe(drawable.length);

      const notable = await queryCellNatively(source, "notable", urls);
      expect(notable.length).toBeGreaterThan(0);
      expectRowsEqual(await readShownTable(page, "table.notable-messages"), notable, [
        "lap_number",
        "category",
        "flag",
        "message",
      ]);
      const messages = await queryCellNatively(source, "messages", urls);
      expect(await page.locator("#race-control g[aria-label='dot'] circle").count()).toBe(messages.length);
      // No "0" or "NaN" standing in for missing numbers.
      expect(await page.locator("main").innerText()).not.toMatch(/\bNaN\b|undefined/);
      expectNoTrouble(activity);
    } finally {
      await close();
    }
  });

  it("a grand prix without TimingData takes its lap chart from the lap-chart archive", async () => {
    const {page, activity, close} = await openPage(
      shared.browsing,
      shared.site.url,
      pagePath("2023-british-grand-prix-race"),
    );
    try {
      await waitForCells(page, {timeout: 120_000});
      const urls = parquetUrls(activity);
      const lapChart = await queryCellNatively(source, "lapChartRows", urls);
      expect(new Set(lapChart.map((row) => row.source))).toEqual(new Set(["lapcharts"]));
      expect(await page.locator("#lap-chart-source").innerText()).toContain("lap-chart archive");
      const drivers = new Set(lapChart.map((row) => row.driver));
      expect(drivers.size).toBe(20);
      expect(new Set(await page.locator("#lap-chart g[aria-label='text'] text").allTextContents())).toEqual(
        drivers,
      );
      const changes = await queryCellNatively(source, "positionChanges", urls);
      expect(await page.locator("#position-change g[aria-label='bar'] rect").count()).toBe(changes.length);
      expectNoTrouble(activity);
    } finally {
      await close();
    }
  });
});
