import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {startNodeKernel, type RunningKernel} from "../../kernel/node.js";
import {
  archive,
  control,
  LATE_IN_THE_RACE_MS,
  MIAMI_ID,
  MIAMI_SPRINT,
} from "../../kernel/testing/protocol-suite.js";
import type {LiveState} from "../../src/sport/kernel-messages.js";
import {waitForCells} from "./cells.js";
import {launchBrowser, type Browsing} from "./launch-browser.js";
import {openPage} from "./open-page.js";
import {distDir} from "./site.js";

const token = "dashboard-token";
const MEXICO_QUALIFYING = "2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/";
const MEXICO_ID = "2025-mexico-city-grand-prix-qualifying";

/**
 * The live dashboard in a real Chromium, served by the kernel itself (as `npm start` will), against replays:
 * what the page shows must be the kernel's state at the seq the page reports.
 */
describe("live dashboard against a kernel replaying archived sessions", () => {
  let kernel: RunningKernel;
  let browsing: Browsing;
  let captureDir: string;

  beforeAll(async () => {
    captureDir = await mkdtemp(join(tmpdir(), "pitwall-dashboard-"));
    kernel = await startNodeKernel({captureDir, tokens: [token], sql: null, staticDir: distDir, archive});
    browsing = await launchBrowser();
  });

  afterAll(async () => {
    await browsing?.close();
    await kernel?.close();
    await rm(captureDir, {recursive: true, force: true});
  });

  async function snapshotOf(session: string): Promise<{seq: number; state: LiveState}> {
    return (await (await fetch(`${kernel.url}/v1/sessions/${session}/snapshot`)).json()) as {
      seq: number;
      state: LiveState;
    };
  }

  it("the timing tower, lap count and race control follow the replay and match the kernel's state", async () => {
    const started = await control(kernel.url, token, "/v1/feeds/replay", {
      path: MIAMI_SPRINT,
      speed: 20,
      startAtMs: LATE_IN_THE_RACE_MS,
    });
    expect(started.status).toBe(201);
    const {page, activity, close} = await openPage(
      browsing,
      `${kernel.url}/`,
      `pages/live/?session=${MIAMI_ID}`,
    );
    try {
      await waitForCells(page);
      await page.waitForFunction(() => document.querySelectorAll("#tower tr[data-driver]").length === 20);
      const firstSeq = Number(await page.locator("#seq").textContent());
      await page.waitForFunction(
        (seq) => Number(document.querySelector("#seq")?.textContent) > seq + 50,
        firstSeq,
      );

      expect((await control(kernel.url, token, `/v1/sessions/${MIAMI_ID}/replay/pause`)).status).toBe(200);
      const {seq, state} = await snapshotOf(MIAMI_ID);
      await page.waitForFunction(
        (target) => document.querySelector("#seq")?.textContent === String(target),
        seq,
      );

      const shownOrder = await page
        .locator("#tower tr[data-driver]")
        .evaluateAll((rows) =>
          rows.map((row) => [(row as HTMLElement).dataset.driver, (row as HTMLElement).dataset.position]),
        );
      const kernelOrder = Object.values(state.drivers)
        .sort((a, b) => (a.position ?? 99) - (b.position ?? 99) || a.driverNumber - b.driverNumber)
        .map((driver) => [String(driver.driverNumber), String(driver.position ?? "")]);
      expect(shownOrder).toEqual(kernelOrder);
      expect(await page.locator("#lap-count").getAttribute("data-current")).toBe(
        String(state.lapCount.current),
      );
      expect(await page.locator("#track-status").textContent()).toBe(state.trackStatus.message);
      expect(await page.locator(".race-control li").count()).toBe(Math.min(12, state.raceControl.length));
      expect(await page.locator("#gaps svg").count()).toBe(1);
      expect(await page.locator("#track-map-absent").count()).toBe(1);

      // The delay control reaches the kernel: the status line says so once the kernel confirms it.
      await page.locator("input[type=number]").first().fill("5");
      await page.locator("input[type=number]").first().dispatchEvent("input");
      await page.waitForFunction(() =>
        /delayed 5 s/.test(document.querySelector("#live-status")?.textContent ?? ""),
      );

      expect(activity.console).toEqual([]);
      expect(activity.pageErrors).toEqual([]);
      expect(activity.failedRequests).toEqual([]);
      expect(activity.nonLocalRequests).toEqual([]);
    } finally {
      await close();
    }
  });

  it("draws the track map for a session whose feed has car positions", async () => {
    const started = await control(kernel.url, token, "/v1/feeds/replay", {
      path: MEXICO_QUALIFYING,
      speed: 20,
      startAtMs: 3_000_000,
    });
    expect(started.status).toBe(201);
    const {page, activity, close} = await openPage(
      browsing,
      `${kernel.url}/`,
      `pages/live/?session=${MEXICO_ID}`,
    );
    try {
      await waitForCells(page);
      await page.waitForFunction(
        () => document.querySelectorAll("#track-map svg g[aria-label='dot'] circle").length >= 20,
        null,
        {timeout: 30_000},
      );
      expect(await page.locator("#tower tr[data-driver]").count()).toBe(20);
      expect(activity.pageErrors).toEqual([]);
      expect(activity.console).toEqual([]);
    } finally {
      await close();
      await control(kernel.url, token, `/v1/sessions/${MEXICO_ID}/replay/pause`);
    }
  });
});
