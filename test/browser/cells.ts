import type {Page} from "playwright-core";

/** Options for waiting on a page's cells. */
export interface WaitOptions {
  /** Milliseconds; defaults to 60 s (DuckDB-WASM's first start is slow on two busy cores). */
  timeout?: number;
}

/**
 * Waits until every Framework cell of the page has settled: none still shows its
 * `<observablehq-loading>` placeholder, and a page that shows its SQL engine's state (`#sql-engine`, on
 * pages answering from the build's results) has DuckDB-WASM ready or failed. Then fails, quoting them, if
 * any cell shows an error (Framework renders a rejected cell as `.observablehq--error`) or the engine failed.
 */
export async function waitForCells(page: Page, {timeout = 60_000}: WaitOptions = {}): Promise<void> {
  try {
    await page.waitForFunction(
      () =>
        document.readyState === "complete" &&
        !document.querySelector("observablehq-loading") &&
        !document.querySelector("#sql-engine[data-state=waiting], #sql-engine[data-state=starting]"),
      null,
      {
        timeout,
        polling: 100,
      },
    );
  } catch (error) {
    const pending = await page
      .locator("observablehq-loading")
      .count()
      .catch(() => NaN);
    const errors = await readCellErrors(page).catch(() => []);
    throw new Error(
      `${pending} cell(s) of ${page.url()} still running after ${timeout} ms${errors.length ? `; errors: ${errors.join(" | ")}` : ""}`,
      {cause: error},
    );
  }
  const errors = await readCellErrors(page);
  if (errors.length > 0)
    throw new Error(`${errors.length} cell(s) of ${page.url()} failed: ${errors.join(" | ")}`);
  if ((await page.locator("#sql-engine[data-state=failed]").count()) > 0)
    throw new Error(`DuckDB-WASM failed to start on ${page.url()}`);
}

/** The text of every errored cell on the page. */
export async function readCellErrors(page: Page): Promise<string[]> {
  return page.locator(".observablehq--error").allTextContents();
}

/**
 * Reads the number shown by the element `selector` (exactly one must match). Accepts the forms pages
 * print: thousands separators, the typographic minus d3-format uses (U+2212), a trailing unit or %.
 */
export async function readNumber(page: Page, selector: string): Promise<number> {
  const text = await page.locator(selector).textContent({timeout: 5_000});
  return parseShownNumber(text ?? "", selector);
}

/** Parses a number as a page shows it; `where` names the element in the error. */
export function parseShownNumber(text: string, where = "text"): number {
  const cleaned = text
    .trim()
    .replace(/\u2212/g, "-")
    .replace(/[,\u00a0\u202f\s]/g, "")
    .replace(/(%|[a-z]+)$/i, "");
  const value = cleaned === "" ? NaN : Number(cleaned);
  if (!Number.isFinite(value))
    throw new Error(`Expected a number in ${where}, found ${JSON.stringify(text)}`);
  return value;
}
