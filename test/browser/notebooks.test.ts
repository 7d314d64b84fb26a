import type {Page} from "playwright-core";
import {beforeAll, describe, expect, it} from "vitest";
import {waitForCells} from "./cells.js";
import {
  expectNoTrouble,
  expectRowsEqual,
  parquetUrls,
  queryCellNatively,
  readPageSource,
  readShownTable,
  toNativeSql,
} from "./notebook-pages.js";
import {openPage, type OpenedPage} from "./open-page.js";
import {useSiteInBrowser} from "./site-in-browser.js";
import {queryServedParquet} from "./query-natively.js";

// Pace, qualifying, telemetry, SQL workbench, season hub and the authoring guide, each against a complete and a
// partial session where the notebook is parameterized. One browser for all (each page costs seconds here).

const shared = useSiteInBrowser();

/** Opens a page, waits for its cells, runs `check`, then asserts it logged no trouble. */
async function onPage(path: string, check: (opened: OpenedPage) => Promise<void>): Promise<void> {
  const opened = await openPage(shared.browsing, shared.site.url, path);
  try {
    await waitForCells(opened.page, {timeout: 120_000});
    await check(opened);
    expectNoTrouble(opened.activity);
  } finally {
    await opened.close();
  }
}

const numberIn = async (page: Page, selector: string, attribute = "data-value") =>
  Number(await page.locator(selector).first().getAttribute(attribute));

describe("pace notebook", () => {
  let source: string;
  beforeAll(async () => (source = await readPageSource("pace/[session].md")));
  const allFilters = [true, true, true, true];

  it("complete race: clean laps and per-driver pace equal native DuckDB; a filter re-runs the SQL cell", () =>
    onPage("pages/pace/2018-azerbaijan-grand-prix-race", async ({page, activity}) => {
      const urls = parquetUrls(activity);
      const clean = await queryCellNatively(source, "cleanLaps", urls, allFilters);
      expect(clean.length).toBeGreaterThan(500);
      expect(await numberIn(page, "#clean-count span")).toBe(clean.length);
      const summary = await queryServedParquet(
        urls,
        `SELECT driver, count(*) AS laps, median(lap_duration) AS median_s, min(lap_duration) AS best_s
         FROM (${toNativeSql(source, "cleanLaps", allFilters)}) GROUP BY driver ORDER BY median_s, driver`,
      );
      expectRowsEqual(await readShownTable(page, "table.pace-summary"), summary, [
        "driver",
        "laps",
        "median_s",
        "best_s",
      ]);
      expect(await page.locator("table.degradation tbody tr").count()).toBeGreaterThan(5);
      expect(await page.locator("#fuel-corrected svg").count()).toBeGreaterThan(0);

      // Laps behind the safety car are also far over 107% of the fastest: keep those to see them come back.
      await page.getByLabel("Drop laps over 107% of the fastest").uncheck();
      const withSlow = await queryCellNatively(source, "cleanLaps", urls, [true, true, true, false]);
      expect(withSlow.length).toBeGreaterThan(clean.length);
      await expect.poll(() => numberIn(page, "#clean-count span")).toBe(withSlow.length);
    }));

  it("practice session: no fuel correction, said in words", () =>
    onPage("pages/pace/2024-british-grand-prix-practice-1", async ({page}) => {
      expect(await page.locator('[data-missing="fuel"]').innerText()).toContain(
        "fuel loads are not published",
      );
      expect(await page.locator("table.pace-summary tbody tr").count()).toBeGreaterThan(5);
    }));
});

describe("qualifying notebook", () => {
  let source: string;
  beforeAll(async () => (source = await readPageSource("qualifying/[session].md")));

  it("complete session: result, elimination, sector bests and mini-sectors equal native DuckDB; driver select redraws", () =>
    onPage("pages/qualifying/2025-mexico-city-grand-prix-qualifying", async ({page, activity}) => {
      const urls = parquetUrls(activity);
      const result = await queryCellNatively(source, "result", urls);
      expect(result.length).toBe(20);
      expectRowsEqual(await readShownTable(page, "table.qualifying-result"), result, [
        "position",
        "driver",
        "q1_duration",
        "q2_duration",
        "q3_duration",
        "gap_to_pole_s",
      ]);
      const outInQ1 = result
        .filter((row) => row.reached === "Q1")
        .map((row) => `${row.driver} (P${row.position})`);
      expect(await page.locator('#elimination [data-part="Q1"]').innerText()).toBe(
        `Out in Q1: ${outInQ1.join(", ")}`,
      );
      const sectors = await queryCellNatively(source, "sectorBests", urls);
      expectRowsEqual(await readShownTable(page, "table.sector-bests"), sectors, [
        "driver",
        "s1",
        "s2",
        "s3",
        "ideal_lap_s",
        "best_lap_s",
      ]);
      expect(await page.locator("table.mini-sector-bests tbody tr").count()).toBe(25);

      const legend = () => page.locator("#qualifying-progress div[class*='-swatches']").innerText();
      const select = page.locator("form select[multiple]").first();
      const options = await select.locator("option").allTextContents();
      await select.selectOption([options[10]!]);
      await expect.poll(legend).toBe(options[10]);
    }));

  it("session without car data: mini-sectors explained, the rest shown", () =>
    onPage("pages/qualifying/2019-italian-grand-prix-qualifying", async ({page, activity}) => {
      expect(await page.locator('[data-missing="car_data"]').innerText()).toContain("CarData.z");
      const sectors = await queryCellNatively(source, "sectorBests", parquetUrls(activity));
      expect(sectors.length).toBeGreaterThan(15);
      expect(await page.locator("table.sector-bests tbody tr").count()).toBe(sectors.length);
    }));
});

describe("telemetry notebook", () => {
  let source: string;
  beforeAll(async () => (source = await readPageSource("telemetry/[session].md")));

  it("car-data session: samples per lap equal native DuckDB, delta ends at the lap-time gap; changing driver B redraws", () =>
    onPage("pages/telemetry/2025-mexico-city-grand-prix-qualifying", async ({page, activity}) => {
      const urls = parquetUrls(activity);
      const laps = await queryCellNatively(source, "lapList", urls);
      const drivers = [...new Set(laps.map((lap) => lap.driver))];
      const fastestOf = (driver: unknown) => laps.find((lap) => lap.driver === driver)!;
      const countSamples = async (lap: Record<string, unknown>) => {
        const end = Number(lap.start_ms) + Number(lap.lap_duration) * 1000;
        return (
          await queryCellNatively(source, "samplesA", urls, [
            Number(lap.driver_number),
            Number(lap.start_ms),
            end,
          ])
        ).length;
      };
      const [a, b] = [fastestOf(drivers[0]), fastestOf(drivers[1])];
      expect(await numberIn(page, `#sampling [data-driver="${a.driver}"]`, "data-samples")).toBe(
        await countSamples(a),
      );
      expect(await numberIn(page, `#sampling [data-driver="${b.driver}"]`, "data-samples")).toBe(
        await countSamples(b),
      );
      expect(await countSamples(a)).toBeGreaterThan(200);
      expect(await numberIn(page, "#delta-note strong")).toBeCloseTo(
        Number(b.lap_duration) - Number(a.lap_duration),
        2,
      );
      expectRowsEqual(
        (await readShownTable(page, "table.lap-sectors")).slice(0, 2),
        [a, b].map((lap) => ({driver: lap.driver, s1: lap.duration_sector_1, lap: lap.lap_duration})),
        ["driver", "s1", "lap"],
      );
      expect(await page.locator("#telemetry-trace > *").count()).toBe(5);
      expect(await page.locator("#track-map g[aria-label='line'] path").count()).toBe(25);

      const c = fastestOf(drivers[5]);
      await page.getByLabel("Driver B", {exact: true}).selectOption(String(c.driver));
      await expect.poll(() => page.locator(`#sampling [data-driver="${c.driver}"]`).count()).toBe(1);
      expect(await numberIn(page, `#sampling [data-driver="${c.driver}"]`, "data-samples")).toBe(
        await countSamples(c),
      );
      await expect
        .poll(() => numberIn(page, "#delta-note strong"))
        .toBeCloseTo(Number(c.lap_duration) - Number(a.lap_duration), 2);
    }));

  it("session without car data: says so, still compares the two laps' sectors", () =>
    onPage("pages/telemetry/2025-miami-grand-prix-sprint", async ({page}) => {
      expect(await page.locator('[data-missing="car_data"]').first().innerText()).toContain(
        "CarData.z.jsonStream is not in the archive",
      );
      expect(await page.locator("table.lap-sectors tbody tr").count()).toBe(3);
      expect(await page.locator("#telemetry-trace svg").count()).toBe(0);
    }));
});

describe("SQL workbench", () => {
  it("complete session: the catalog's row counts equal native counts; a typed query shows its rows and a chart; a bad one says why", () =>
    onPage("pages/sql/2025-miami-grand-prix-sprint", async ({page, activity}) => {
      const urls = parquetUrls(activity);
      for (const table of ["laps", "drivers", "intervals", "lap_chart"]) {
        const [{n}] = (await queryServedParquet(
          {[table]: urls[table]!},
          `SELECT count(*) AS n FROM ${table}`,
        )) as [{n: number}];
        expect({table, rows: await numberIn(page, `[data-table="${table}"] .row-count`)}).toEqual({
          table,
          rows: n,
        });
      }
      const query =
        "SELECT driver_number, count(*) AS laps FROM laps GROUP BY driver_number ORDER BY laps DESC";
      await page.locator("textarea").fill(query);
      await page.getByRole("button", {name: "Run"}).click();
      const native = await queryServedParquet({laps: urls.laps!}, query);
      await expect.poll(() => numberIn(page, "#result-count span")).toBe(native.length);
      expect(
        await page.locator("#suggested-chart").evaluate((element) => element.tagName.toLowerCase()),
      ).toMatch(/svg|figure/);

      await page.locator("textarea").fill("SELECT no_such_column FROM laps");
      await page.getByRole("button", {name: "Run"}).click();
      await expect.poll(() => page.locator(".query-error").count()).toBe(1);
      const error = await page.locator(".query-error").innerText();
      expect(error).toContain("no_such_column");
      expect(error).not.toMatch(/\n\s+at /);
    }));

  it("partial session: absent tables are listed with their reason and query as empty", () =>
    onPage("pages/sql/2020-belgian-grand-prix-race", async ({page}) => {
      expect(await page.locator('[data-table="laps"] summary').innerText()).toContain("absent: TimingData");
      await page.locator("textarea").fill("SELECT count(*) AS n FROM laps");
      await page.getByRole("button", {name: "Run"}).click();
      await expect.poll(() => page.locator("main table tbody td").allTextContents()).toContain("0");
    }));
});

describe("season hub", () => {
  const seasonTotals = (year: number) => `
    SELECT coalesce(d.code, d.last_name) AS name, sum(x.points) AS points
    FROM results x JOIN drivers d USING (driver_ref) WHERE x.year = ${year} GROUP BY 1 ORDER BY points DESC, name`;

  it("complete season: the results grid's grand prix points equal native DuckDB; the what-if moves points", () =>
    onPage("pages/season/2023", async ({page, activity}) => {
      const urls = parquetUrls(activity);
      const totals = await queryServedParquet(urls, seasonTotals(2023));
      const shown = await readShownTable(page, "table.results-grid");
      const byName = new Map(totals.map((row) => [row.name, row.points]));
      expect(shown.length).toBeGreaterThanOrEqual(20);
      for (const row of shown)
        expect({name: row.name, points: Number(row.points)}).toEqual({
          name: row.name,
          points: byName.get(row.name),
        });

      const before = await readShownTable(page, "table.what-if");
      await page.getByLabel("Race", {exact: true}).selectOption({index: 0});
      await page.getByLabel("Driver", {exact: true}).selectOption("LEC");
      const finishes = page.locator("form input[type=number]").last();
      await finishes.fill("1");
      await finishes.press("Enter");
      await expect.poll(() => readShownTable(page, "table.what-if")).not.toEqual(before);
      const after = await readShownTable(page, "table.what-if");
      const leclerc = after.find((row) => row.driver === "LEC");
      // Leclerc retired in Bahrain 2023: a win is worth the 25 points the winner usually scored.
      expect(Number(leclerc?.points_change)).toBe(25);
    }));

  it("partial season: says which rounds have no results yet", () =>
    onPage("pages/season/2025", async ({page, activity}) => {
      const [{done, total}] = (await queryServedParquet(
        parquetUrls(activity),
        `SELECT count(DISTINCT x.round) AS done, (SELECT count(*) FROM races WHERE year = 2025) AS total FROM results x WHERE x.year = 2025`,
      )) as [{done: number; total: number}];
      expect(await page.locator("#results-coverage").innerText()).toContain(
        `results for ${done} of the ${total} rounds`,
      );
      expect(done).toBeLessThan(total);
    }));

  it("a season before the constructors' championship says so", () =>
    onPage("pages/season/1955", async ({page}) => {
      expect(await page.locator('[data-missing="constructor_standings"]').innerText()).toContain(
        "first awarded in 1958",
      );
    }));
});

describe("write your own notebook", () => {
  it("shows the catalog and a live example of every component", () =>
    onPage("pages/write-your-own", async ({page}) => {
      // The gallery's cells are programs (they show their code), which Framework does not mark as loading:
      // wait for what they draw.
      const count = (selector: string) => () => page.locator(selector).count();
      await expect.poll(count(".table-catalog details"), {timeout: 60_000}).toBe(29);
      await expect.poll(count("main svg"), {timeout: 60_000}).toBeGreaterThan(20);
      await expect
        .poll(count("main table.timing-tower, main table.pit-table, main table.classification"), {
          timeout: 60_000,
        })
        .toBe(3);
    }));
});
