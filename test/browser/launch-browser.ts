import {existsSync} from "node:fs";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {chromium, type BrowserContext} from "playwright-core";

/** Debian's Chromium; override with PITWALL_CHROMIUM. */
export const chromiumPath = process.env.PITWALL_CHROMIUM ?? "/usr/bin/chromium";

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Any host name but loopback fails to resolve, so nothing a page asks for can leave the machine
  // even where there is internet; the activity recorder still sees (and reports) the attempt.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
];

/** A headless Chromium with a fresh, throwaway profile. */
export interface Browsing {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium on a new temporary profile; `close()` ends it and deletes the profile. */
export async function launchBrowser(): Promise<Browsing> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: run \`apt-get install -y chromium\` or set PITWALL_CHROMIUM.`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), "pitwall-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: {width: 1280, height: 900},
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, {recursive: true, force: true});
      },
    };
  } catch (error) {
    await rm(profile, {recursive: true, force: true});
    throw error;
  }
}
