import type {Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {parseShownNumber, readNumber, waitForCells} from "./cells.js";
import {serveFixtures, type FixtureSite} from "./fixture-site.js";
import {launchBrowser, type Browsing} from "./launch-browser.js";
import {openPage} from "./open-page.js";

describe("parseShownNumber", () => {
  it("reads numbers the way pages print them", () => {
    expect(parseShownNumber("1,234.5")).toBe(1234.5);
    expect(parseShownNumber(" \u22120.25 ")).toBe(-0.25);
    expect(parseShownNumber("12.5%")).toBe(12.5);
    expect(parseShownNumber("1\u202f093.4 s")).toBe(1093.4);
  });

  it("refuses text that is not a number", () => {
    expect(() => parseShownNumber("NaN", "#total")).toThrow('Expected a number in #total, found "NaN"');
    expect(() => parseShownNumber("")).toThrow("Expected a number");
    expect(() => parseShownNumber("1.2.3")).toThrow("Expected a number");
  });
});

// Framework marks a running cell with <observablehq-loading> and a failed one with .observablehq--error;
// these fixtures reproduce that markup by hand.
const settle = (html: string) => `<!doctype html><link rel="icon" href="data:,">
  <div class="observablehq"><observablehq-loading></observablehq-loading><!--:abcd1234:--></div>
  <script>setTimeout(() => { document.querySelector("observablehq-loading").outerHTML = ${JSON.stringify(html)}; }, 300);</script>`;

describe("waitForCells", () => {
  let site: FixtureSite;
  let browsing: Browsing;

  beforeAll(async () => {
    site = await serveFixtures({
      "done.html": settle('<span id="n">\u22121,234.5</span>'),
      "failed.html": settle('<div class="observablehq--error">RuntimeError: laps is not defined</div>'),
      "stuck.html": `<!doctype html><link rel="icon" href="data:,"><observablehq-loading></observablehq-loading>`,
    });
    browsing = await launchBrowser();
  });

  afterAll(async () => {
    await browsing?.close();
    await site?.close();
  });

  async function onPage(path: string, check: (page: Page) => Promise<void>): Promise<void> {
    const {page, close} = await openPage(browsing, site.url, path);
    try {
      await check(page);
    } finally {
      await close();
    }
  }

  it("waits for cells to settle, then reads their numbers", () =>
    onPage("done.html", async (page) => {
      await waitForCells(page, {timeout: 5_000});
      expect(await readNumber(page, "#n")).toBe(-1234.5);
    }));

  it("fails with the text of a failed cell", () =>
    onPage("failed.html", (page) =>
      expect(waitForCells(page, {timeout: 5_000})).rejects.toThrow("laps is not defined"),
    ));

  it("fails when a cell never settles", () =>
    onPage("stuck.html", (page) =>
      expect(waitForCells(page, {timeout: 1_000})).rejects.toThrow("1 cell(s) of"),
    ));
});
