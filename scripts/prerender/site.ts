import {readdir, readFile, rename, rm, writeFile} from "node:fs/promises";
import {basename, dirname, join} from "node:path";
import type {RaceSummaryData} from "../../src/components/race-summary.js";
import type {PrecomputedResults} from "../../src/notebook/precomputed-sql.js";
import type {InputsLike} from "../../src/notebook/race-report.js";
import {injectPrerendered} from "./inject.js";
import {toMarkup} from "./markup.js";
import {drawRaceReport} from "./race-report.js";

// After `observable build`: draws each race report's first screen into its HTML (see inject.ts), from the
// files the page itself attaches, so the drawing and the live cells read the same data.

export interface PrerenderOptions {
  /** The built site (dist/). */
  distDir: string;
  /** The notebooks' sources (src/). */
  srcDir: string;
  Inputs: InputsLike;
  log?: (line: string) => void;
}

export interface PrerenderReport {
  drawn: string[];
  /** Pages left as Framework built them, with why; they still work, only without the early drawing. */
  skipped: {page: string; reason: string}[];
}

export async function prerenderSite({
  distDir,
  srcDir,
  Inputs,
  log = () => {},
}: PrerenderOptions): Promise<PrerenderReport> {
  const markdown = await readFile(join(srcDir, "pages/race/[session].md"), "utf8");
  const folder = join(distDir, "pages/race");
  const pages = (await readdir(folder).catch(() => [] as string[]))
    .filter((name) => name.endsWith(".html"))
    .sort();
  const report: PrerenderReport = {drawn: [], skipped: []};
  for (const [index, name] of pages.entries()) {
    const page = join(folder, name);
    const session = basename(name, ".html");
    try {
      const html = await readFile(page, "utf8");
      const precomputed = await readAttachment<PrecomputedResults>(
        html,
        page,
        `../../data/precomputed/race/${session}.json`,
      );
      const summary = await readAttachment<RaceSummaryData>(
        html,
        page,
        `../../data/commentary/${session}.json`,
      );
      const drawing = drawRaceReport({markdown, session, precomputed, summary, Inputs});
      const fragments = new Map([...drawing].map(([marker, content]) => [marker, toMarkup(content)]));
      await writeAtomically(page, injectPrerendered(html, fragments).html);
      report.drawn.push(`race/${session}`);
    } catch (error) {
      report.skipped.push({
        page: `race/${session}`,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    log(`prerender: race reports ${index + 1}/${pages.length}`);
  }
  return report;
}

/** A file the page attaches, read from where the build put it (its content-hashed path in _file/). */
async function readAttachment<T>(html: string, page: string, name: string): Promise<T> {
  const registration = new RegExp(
    `registerFile\\(${escapeRegExp(JSON.stringify(name))}, (\\{[^)]*\\})\\)`,
  ).exec(html);
  if (!registration) throw new Error(`the page does not attach ${name}`);
  const {path} = JSON.parse(registration[1]!) as {path: string};
  return JSON.parse(await readFile(join(dirname(page), path), "utf8")) as T;
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.partial`;
  try {
    await writeFile(temp, content, "utf8");
    await rename(temp, path);
  } catch (error) {
    await rm(temp, {force: true});
    throw error;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
