import {describe, expect, it} from "vitest";
import {waitForCells} from "./cells.js";
import {expectNoTrouble} from "./notebook-pages.js";
import {openPage} from "./open-page.js";
import {useSiteInBrowser} from "./site-in-browser.js";

// Pages whose fixed SQL cells the build answers (store/precompute-sql.ts), each on a complete session and on
// one that lacks tables: with ?sql=browser every cell runs in DuckDB-WASM instead, and the page must read the
// same, to the last number and chart mark.
const cases = [
  ["race", "2025-miami-grand-prix-sprint"],
  ["race", "2025-british-grand-prix-race"],
  ["session", "2025-mexico-city-grand-prix-qualifying"],
  ["session", "2025-british-grand-prix-race"],
  ["qualifying", "2025-mexico-city-grand-prix-qualifying"],
  ["qualifying", "2019-italian-grand-prix-qualifying"],
] as const;

describe("SQL cells answered by the build (built site, offline)", () => {
  const shared = useSiteInBrowser();

  /** The page's text (without the line naming the engine) and the number of marks in each chart. */
  async function readPage(path: string) {
    const {page, activity, close} = await openPage(shared.browsing, shared.site.url, path);
    try {
      await waitForCells(page, {timeout: 120_000});
      expectNoTrouble(activity);
      const status = page.locator("#sql-engine");
      const engine = await status.innerText();
      const answers = {
        built: Number(await status.getAttribute("data-built")),
        browser: Number(await status.getAttribute("data-browser")),
      };
      const text = await page
        .locator("main")
        .evaluate((main: HTMLElement) =>
          main.innerText.replace(main.querySelector("#sql-engine")?.textContent ?? "", ""),
        );
      const marks = await page.$$eval("main svg", (svgs) =>
        svgs
          .filter((svg) => svg.getBoundingClientRect().width > 100)
          .map((svg) => `${svg.closest("[id]")?.id ?? "?"}: ${svg.querySelectorAll("*").length}`),
      );
      return {engine, answers, text, marks};
    } finally {
      await close();
    }
  }

  it.each(cases)(
    "%s/%s reads the same with ?sql=browser, where DuckDB-WASM runs every cell",
    async (folder, id) => {
      const path = `pages/${folder}/${id}`;
      const built = await readPage(path);
      const browser = await readPage(`${path}?sql=browser`);
      expect(built.engine).toMatch(/^SQL cells show results computed when this site was built \(DuckDB v/);
      expect(browser.engine).toMatch(/^Every SQL cell runs in your browser\. DuckDB-WASM is ready/);
      expect(built.text.length).toBeGreaterThan(500);
      // Every SQL cell of the page as it opens is answered by the build; with ?sql=browser, none is.
      expect(built.answers.browser).toBe(0);
      expect(built.answers.built).toBeGreaterThan(3);
      expect(browser.answers).toEqual({built: 0, browser: built.answers.built});
      expect(browser.marks).toEqual(built.marks);
      expect(browser.text).toEqual(built.text);
    },
  );
});
