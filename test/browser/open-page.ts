import type {Page} from "playwright-core";
import type {Browsing} from "./launch-browser.js";
import {recordActivity, type Activity} from "./record-activity.js";

/** A page opened for a test, with what it has done since. */
export interface OpenedPage {
  page: Page;
  activity: Activity;
  close(): Promise<void>;
}

/** Opens `path` (relative to the site's base URL) in a new tab, recording its activity from the first request. */
export async function openPage(browsing: Browsing, baseUrl: string, path: string): Promise<OpenedPage> {
  const recording = recordActivity(browsing.context);
  const page = await browsing.context.newPage();
  try {
    await page.goto(new URL(path, baseUrl).href, {waitUntil: "load"});
  } catch (error) {
    recording.stop();
    await page.close();
    throw error;
  }
  return {
    page,
    activity: recording.activity,
    async close() {
      recording.stop();
      await page.close();
    },
  };
}
