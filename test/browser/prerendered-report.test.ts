import type {Page} from "playwright-core";
import {describe, expect, it} from "vitest";
import {waitForCells} from "./cells.js";
import {expectNoTrouble} from "./notebook-pages.js";
import {openPage} from "./open-page.js";
import {useSiteInBrowser} from "./site-in-browser.js";

// The build draws each race report's first screen (title, line under it, summary, classification, highlight
// picker, lap chart) into its HTML (scripts/prerender/). Without JavaScript a reader sees that screen; with it,
// the cells replace each drawing with the same content, live, and no drawing is left behind.
// A complete session, and one whose archive has no TimingData (no classification, no lap chart: the drawing
// says why, as the cells do).
const sessions = [
  {session: "2025-miami-grand-prix-sprint", complete: true},
  {session: "2025-british-grand-prix-race", complete: false},
];

/**
 * What the first screen shows, read inside each cell's `data-prerender` marker (which holds the drawing, then
 * the live output): texts, the classification's rows (or why it is missing), the picker's choice, and the lap
 * chart's lines and labels.
 */
function readFirstScreen(page: Page) {
  return page.evaluate(() => {
    const part = (name: string) => document.querySelector(`[data-prerender="${name}"]`)!;
    const lapChart = part("lap-chart").querySelector("svg");
    const classification = part("classification");
    return {
      title: part("title").textContent,
      lede: part("lede").textContent,
      summary: part("summary").textContent,
      classification: classification.querySelector("table")
        ? [...classification.querySelectorAll("tbody tr")].map((row) => row.textContent)
        : [classification.textContent!.trim()],
      picked: [...part("highlight").querySelectorAll("select option")]
        .filter((option) => (option as HTMLOptionElement).selected)
        .map((option) => option.textContent),
      lapChartLines: lapChart?.querySelectorAll("g[aria-label='line'] path").length ?? 0,
      lapChartLabels: [...(lapChart?.querySelectorAll("g[aria-label='text'] text") ?? [])].map(
        (text) => text.textContent,
      ),
      lapChartVisible: (lapChart?.getBoundingClientRect().height ?? 0) > 100,
      lapChartMissing: part("lap-chart").querySelector("p.missing")?.textContent ?? null,
      drawings: document.querySelectorAll(".prerendered").length,
      spinners: [...document.querySelectorAll("main observablehq-loading")].filter(
        (spinner) => spinner.getClientRects().length > 0,
      ).length,
    };
  });
}

describe("race report drawn by the build (built site, offline)", () => {
  const shared = useSiteInBrowser();

  it.each(sessions)(
    "$session: the first screen reads the same without JavaScript as with it",
    async ({session, complete}) => {
      const path = `pages/race/${session}`;
      const still = await shared.browsing.context.newPage();
      let drawn: Awaited<ReturnType<typeof readFirstScreen>>;
      try {
        const cdp = await still.context().newCDPSession(still);
        await cdp.send("Emulation.setScriptExecutionDisabled", {value: true});
        await still.goto(new URL(path, shared.site.url).href, {waitUntil: "load"});
        drawn = await readFirstScreen(still);
      } finally {
        await still.close();
      }
      expect(drawn.drawings).toBe(6);
      expect(drawn.title).toMatch(/Grand Prix 2025: (Sprint|Race)$/);
      if (complete) {
        expect(drawn.classification.length).toBe(20);
        expect(drawn.lapChartLines).toBe(20);
        expect(drawn.lapChartVisible).toBe(true);
        expect(drawn.picked).toHaveLength(3);
      } else {
        expect(drawn.classification).toEqual([expect.stringMatching(/^No classification: TimingData/)]);
        expect(drawn.lapChartMissing).toMatch(/^No lap chart: /);
        expect(drawn.picked).toEqual([]);
      }
      // The placeholders of drawn cells are hidden; the others' spin (they wait for the page's code).
      expect(drawn.spinners).toBeGreaterThan(0);

      const {page, activity, close} = await openPage(shared.browsing, shared.site.url, path);
      try {
        await waitForCells(page, {timeout: 120_000});
        expectNoTrouble(activity);
        const live = await readFirstScreen(page);
        expect(live.drawings).toBe(0);
        expect(live.spinners).toBe(0);
        expect({...live, drawings: 6, spinners: drawn.spinners}).toEqual(drawn);
        expect(await page.locator("#report-title").innerText()).toBe(drawn.title);
      } finally {
        await close();
      }
    },
  );
});
