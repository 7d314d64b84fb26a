import {ensureSiteBuilt} from "./site.js";

/** Builds the site once before the browser tests when dist/ is missing or older than its sources. */
export default async function setup(): Promise<void> {
  await ensureSiteBuilt();
}
