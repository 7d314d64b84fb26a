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

/** Which cached outputs a stamp covers: a folder of the cache, and the file the stamp is kept in. */
export interface CachePart {
  folder: string;
  stampFile: string;
}

const ALL_OUTPUTS: CachePart = {folder: "data", stampFile: "pitwall-loader-stamp.json"};

/**
 * The build's answers to the pages' SQL cells depend on the pages' SQL too: an edited cell would otherwise
 * keep an answer nobody asks for (harmless, the page runs it in the browser, but slow).
 */
export const PRECOMPUTED_OUTPUTS: CachePart = {
  folder: "data/precomputed",
  stampFile: "pitwall-precomputed-stamp.json",
};

/** The SQL cells of every page the build answers ahead of time (by default PRECOMPUTED_PAGES), as one string. */
export async function precomputedStamp(
  pagesDir?: string,
  pageList?: Readonly<Record<string, string>>,
): Promise<string> {
  const {PRECOMPUTED_PAGES, readPageMarkdown} = await import("../../store/precompute-sql.js");
  const {readSqlCells} = await import("../../src/notebook/sql-cells.js");
  const pages: Record<string, unknown> = {};
  for (const page of Object.values(pageList ?? PRECOMPUTED_PAGES))
    pages[page] = readSqlCells(await readPageMarkdown(page, pagesDir));
  return JSON.stringify(pages);
}

/**
 * Deletes Framework's cached loader outputs (`<cache>/data`, or the part given) when the stamp differs from
 * the one they were built with, then records the new stamp. Returns whether anything was cleared.
 */
export async function invalidateLoaderCache(
  frameworkCache: string,
  stamp: string,
  part: CachePart = ALL_OUTPUTS,
): Promise<boolean> {
  const stampPath = join(frameworkCache, part.stampFile);
  const previous = await readFile(stampPath, "utf8").catch(() => null);
  if (previous === stamp) return false;
  await rm(join(frameworkCache, part.folder), {recursive: true, force: true});
  await mkdir(frameworkCache, {recursive: true});
  const temporary = `${stampPath}.${process.pid}.tmp`;
  await writeFile(temporary, stamp);
  await rename(temporary, stampPath);
  return previous !== null;
}
