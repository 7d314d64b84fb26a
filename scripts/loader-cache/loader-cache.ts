import {mkdir, readFile, rename, rm, writeFile} from "node:fs/promises";
import {join} from "node:path";
import type {Settings} from "../../sources/settings.js";
import {CODE_FOLDERS} from "../../store/open-store.js";
import {codeVersion} from "../../store/table-store.js";

// Framework reruns a data loader only when the loader file itself is newer than its cached output. Ours are
// thin: what they produce is decided by the parsers, the store, the models, the commentary and the settings
// (which mirror, which cache). This stamp covers all of that; when it changes, the cached outputs go.
const LOADER_INPUTS = [...CODE_FOLDERS, "src/data", "models", "kernel/commentary"];

/** Environment variables that change what a loader writes. */
const LOADER_ENV = ["PITWALL_COMMENTARY_MODEL", "ANTHROPIC_BASE_URL"] as const;

/** What the loaders' outputs depend on, as one string. */
export async function loaderStamp(settings: Settings, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return JSON.stringify({
    code: await codeVersion(LOADER_INPUTS),
    mirror: settings.mirror,
    cacheDir: settings.cacheDir,
    claude: Boolean(env.ANTHROPIC_API_KEY?.trim()),
    env: Object.fromEntries(LOADER_ENV.map((name) => [name, env[name] ?? null])),
  });
}

/**
 * Deletes Framework's cached loader outputs (`<cache>/data`) when the stamp differs from the one they were
 * built with, then records the new stamp. Returns whether anything was cleared.
 */
export async function invalidateLoaderCache(frameworkCache: string, stamp: string): Promise<boolean> {
  const stampPath = join(frameworkCache, "pitwall-loader-stamp.json");
  const previous = await readFile(stampPath, "utf8").catch(() => null);
  if (previous === stamp) return false;
  await rm(join(frameworkCache, "data"), {recursive: true, force: true});
  await mkdir(frameworkCache, {recursive: true});
  const temporary = `${stampPath}.${process.pid}.tmp`;
  await writeFile(temporary, stamp);
  await rename(temporary, stampPath);
  return previous !== null;
}
