import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {startNodeKernel, type RunningKernel} from "../../kernel/node.js";
import {archive, control, MIAMI_ID, MIAMI_SPRINT} from "../../kernel/testing/protocol-suite.js";
import {toCommentaryText, type LiveCommentary} from "../../src/sport/commentary.js";
import {
  echoHeadline,
  startFakeAnthropic,
  toFakeClaudeSettings,
  type FakeAnthropic,
} from "../fakes/anthropic-server.js";
import {waitForCells} from "./cells.js";
import {launchBrowser, type Browsing} from "./launch-browser.js";
import {openPage} from "./open-page.js";
import {distDir} from "./site.js";

const token = "commentary-dashboard-token";
/** Words a model might send that a careless page would run: grounded (no number, no name), so they are shown. */
const HOSTILE = `<img src=x onerror="document.title='pwned'">`;

/**
 * The dashboard's commentary feed in a real Chromium, served by the kernel, which writes the commentary with
 * the fake Messages API: the style chosen on the page reaches the kernel, the lines shown are the kernel's,
 * labelled by source, and a hostile reply is shown as text.
 */
describe("live commentary on the dashboard", () => {
  let fake: FakeAnthropic;
  let kernel: RunningKernel;
  let browsing: Browsing;
  let captureDir: string;

  beforeAll(async () => {
    // The engineer's voice gets a reply with markup in it; the other styles get the headline.
    fake = await startFakeAnthropic({
      defaultReply: (body) =>
        JSON.stringify(body.system).includes("race engineer")
          ? `${echoHeadline(body)} ${HOSTILE}`
          : echoHeadline(body),
    });
    captureDir = await mkdtemp(join(tmpdir(), "pitwall-commentary-dashboard-"));
    kernel = await startNodeKernel({
      captureDir,
      tokens: [token],
      sql: null,
      models: null,
      staticDir: distDir,
      archive,
      commentary: {
        claude: toFakeClaudeSettings(fake),
        maxConcurrent: 4,
        maxQueueMs: 30_000,
      },
    });
    browsing = await launchBrowser();
  });

  afterAll(async () => {
    await browsing?.close();
    await kernel?.close();
    await fake?.close();
    await rm(captureDir, {recursive: true, force: true});
  });

  it("shows the kernel's lines in the chosen style, labelled, and model text as text", async () => {
    const replay = {path: MIAMI_SPRINT, speed: 20, startAtMs: 5_540_000};
    expect((await control(kernel.url, token, "/v1/feeds/replay", replay)).status).toBe(201);
    const {page, activity, close} = await openPage(
      browsing,
      `${kernel.url}/`,
      `pages/live/?session=${MIAMI_ID}`,
    );
    try {
      await waitForCells(page);
      await page.getByLabel("Technical").check();
      await page.waitForFunction(
        () =>
          document.querySelectorAll(
            "#commentary[data-style=technical] li[data-source=claude][data-status=done]",
          ).length >= 2,
        null,
        {timeout: 60_000},
      );
      expect((await control(kernel.url, token, `/v1/sessions/${MIAMI_ID}/replay/pause`)).status).toBe(200);
      const {state} = (await (
        await fetch(`${kernel.url}/v1/sessions/${MIAMI_ID}/snapshot?topics=commentary`)
      ).json()) as {
        state: {commentary: LiveCommentary};
      };
      await page.waitForTimeout(500);
      const shown = await page
        .locator("#commentary li[data-source=claude][data-status=done]")
        .evaluateAll((items) =>
          items.map((item) => [
            (item as HTMLElement).dataset.line!,
            item.querySelector(".commentary-text")!.textContent,
          ]),
        );
      expect(shown.length).toBeGreaterThanOrEqual(2);
      for (const [id, text] of shown) {
        const line = state.commentary.lines[id!]!;
        expect(line.style).toBe("technical");
        expect(text).toBe(toCommentaryText(line));
        expect(text).toContain(HOSTILE);
      }
      expect(await page.locator("#commentary img").count()).toBe(0);
      expect(await page.title()).not.toBe("pwned");
      expect(await page.locator("#commentary .commentary-source").first().textContent()).toBe("Claude");
      expect(activity.pageErrors).toEqual([]);
      expect(activity.console).toEqual([]);
      expect(activity.failedRequests).toEqual([]);
      expect(activity.nonLocalRequests).toEqual([]);
    } finally {
      await close();
    }
  });

  it("the race report shows the post-race summary written at build time, as text, saying who wrote it", async () => {
    const {page, activity, close} = await openPage(browsing, `${kernel.url}/`, `pages/race/${MIAMI_ID}`);
    try {
      await waitForCells(page);
      const summary = page.locator("#race-summary");
      // The build had no ANTHROPIC_API_KEY: the templates wrote it, and it says so.
      expect(await summary.locator(".race-summary-byline").textContent()).toMatch(
        /^Written from templates \(no API key configured\)/,
      );
      expect(await summary.locator(".race-summary-text").first().textContent()).toBe(
        "Norris won the Miami Grand Prix Sprint, ahead of Piastri and Hamilton, over 18 laps.",
      );
      expect(await summary.locator("li[data-kind=safety-car]").textContent()).toBe(
        "Lap 15 · Safety car deployed",
      );
      expect(activity.pageErrors).toEqual([]);
      expect(activity.console).toEqual([]);
    } finally {
      await close();
    }
  });
});
