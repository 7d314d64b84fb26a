import type {Page} from "playwright-core";
import {describe, expect, it} from "vitest";
import {waitForCells} from "./cells.js";
import {expectNoTrouble} from "./notebook-pages.js";
import {openPage} from "./open-page.js";
import {useSiteInBrowser} from "./site-in-browser.js";

// The build draws the first screen of race reports and qualifying notebooks into their HTML
// (scripts/prerender/). Without JavaScript a reader sees that screen; with it, the cells replace each drawing
// with the same content, live, and no drawing is left behind. Each notebook on a complete session and on one
// that lacks tables (the drawing says why, as the cells do).
const cases = [
  {page: "race/2025-miami-grand-prix-sprint", parts: 6, chart: true},
  {page: "race/2025-british-grand-prix-race", parts: 6, chart: false},
  {page: "qualifying/2025-mexico-city-grand-prix-qualifying", parts: 3, chart: true},
  {page: "qualifying/2019-italian-grand-prix-qualifying", parts: 3, chart: true},
];

/**
 * What the first screen shows, read inside each cell's `data-prerender` marker (which holds the drawing, then
 * the live output): its text outside charts, and its charts' marks (axes aside: their ticks follow the width).
 */
function readFirstScreen(page: Page) {
  return page.evaluate(() => {
    const parts: Record<string, {text: string; marks: number}> = {};
    for (const part of document.querySelectorAll("[data-prerender]")) {
      const copy = part.cloneNode(true) as Element;
      for (const svg of copy.querySelectorAll("svg")) svg.remove();
      parts[part.getAttribute("data-prerender")!] = {
        text: copy.textContent!.replace(/\s+/g, " ").trim(),
        marks: part.querySelectorAll("svg g[aria-label]:not([aria-label*='axis']) > *").length,
      };
    }
    const firstChart = document.querySelector("[data-prerender] svg");
    return {
      parts,
      picked: [...document.querySelectorAll("[data-prerender] select option")]
        .filter((option) => (option as HTMLOptionElement).selected)
        .map((option) => option.textContent),
      chartVisible: (firstChart?.getBoundingClientRect().height ?? 0) > 100,
      drawings: document.querySelectorAll(".prerendered").length,
      spinners: [...document.querySelectorAll("main observablehq-loading")].filter(
        (spinner) => spinner.getClientRects().length > 0,
      ).length,
    };
  });
}

describe("first screens drawn by the build (built site, offline)", () => {
  const shared = useSiteInBrowser();

  it.each(cases)(
    "$page: the first screen reads the same without JavaScript as with it",
    async ({page: path, parts, chart}) => {
      const still = await shared.browsing.context.newPage();
      let drawn: Awaited<ReturnType<typeof readFirstScreen>>;
      try {
        const cdp = await still.context().newCDPSession(still);
        await cdp.send("Emulation.setScriptExecutionDisabled", {value: true});
        await still.goto(new URL(`pages/${path}`, shared.site.url).href, {waitUntil: "load"});
        drawn = await readFirstScreen(still);
      } finally {
        await still.close();
      }
      expect(drawn.drawings).toBe(parts);
      expect(Object.keys(drawn.parts)).toHaveLength(parts);
      for (const [name, {text}] of Object.entries(drawn.parts)) expect(text, name).not.toBe("");
      expect(drawn.chartVisible).toBe(chart);
      if (chart)
        expect(Math.max(...Object.values(drawn.parts).map((part) => part.marks))).toBeGreaterThan(10);
      // The placeholders of drawn cells are hidden; the others' spin (they wait for the page's code).
      expect(drawn.spinners).toBeGreaterThan(0);

      const {page, activity, close} = await openPage(shared.browsing, shared.site.url, `pages/${path}`);
      try {
        await waitForCells(page, {timeout: 120_000});
        expectNoTrouble(activity);
        const live = await readFirstScreen(page);
        expect(live.drawings).toBe(0);
        expect(live.spinners).toBe(0);
        expect(live.parts).toEqual(drawn.parts);
        expect(live.picked).toEqual(drawn.picked);
        expect(live.chartVisible).toBe(chart);
      } finally {
        await close();
      }
    },
  );

  it("the race report's drawing has the complete session's classification, lap chart and default highlight", async () => {
    const still = await shared.browsing.context.newPage();
    try {
      const cdp = await still.context().newCDPSession(still);
      await cdp.send("Emulation.setScriptExecutionDisabled", {value: true});
      await still.goto(new URL("pages/race/2025-miami-grand-prix-sprint", shared.site.url).href, {
        waitUntil: "load",
      });
      expect(await still.locator("h1").innerText()).toBe("Miami Grand Prix 2025: Sprint");
      expect(await still.locator("[data-prerender=classification] tbody tr").count()).toBe(20);
      expect(await still.locator("[data-prerender=lap-chart] g[aria-label='line'] path").count()).toBe(20);
      expect(await still.locator("[data-prerender=highlight] option:checked").allTextContents()).toHaveLength(
        3,
      );
    } finally {
      await still.close();
    }
  });
});
