import {afterAll, beforeAll} from "vitest";
import type {StaticServer} from "../../scripts/serve.js";
import {launchBrowser, type Browsing} from "./launch-browser.js";
import {startSite} from "./site.js";

/** The built site on a loopback port and one Chromium, shared by the tests of a file or describe block. */
export interface SiteInBrowser {
  site: StaticServer;
  browsing: Browsing;
}

/** Starts the site and a browser before the tests of the enclosing block and closes both after them. */
export function useSiteInBrowser(): SiteInBrowser {
  const shared = {} as SiteInBrowser;
  beforeAll(async () => {
    shared.site = await startSite();
    shared.browsing = await launchBrowser();
  });
  afterAll(async () => {
    await shared.browsing?.close();
    await shared.site?.close();
  });
  return shared;
}
