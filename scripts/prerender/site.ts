import {readdir, readFile, rename, rm, writeFile} from "node:fs/promises";
import {basename, dirname, join} from "node:path";
import type {RaceSummaryData} from "../../src/components/race-summary.js";
import type {PrecomputedResults} from "../../src/notebook/precomputed-sql.js";
import type {InputsLike} from "../../src/notebook/race-report.js";
import {injectPrerendered} from "./inject.js";
import {toMarkup} from "./markup.js";
import {drawQualifying} from "./qualifying.js";
import {drawRaceReport} from "./race-report.js";

// After `observable build`: draws the first screen of each race report and qualifying notebook into its HTML
// (see inject.ts), from the files the page itself attaches, so the drawing and the live cells read the same data.

/** How to draw one notebook's first screen, for each session it is built for. */
export interface PageDrawer {
  /** The notebook's folder: its pages are dist/pages/<folder>/<session>.html, its source src/pages/<folder>/[session].md. */
  folder: string;
  draw(input: {
    markdown: string;
    session: string;
    /** Reads a file the page attaches, by the name the page gives it (e.g. `../../data/...json`). */
    attachment<T>(name: string): Promise<T>;
    Inputs: InputsLike;
  }): Promise<Map<string, Element | string>>;
}

export const PAGE_DRAWERS: readonly PageDrawer[] = [
  {
    folder: "race",
    draw: async ({markdown, session, attachment, Inputs}) =>
      drawRaceReport({
        markdown,
        session,
        Inputs,
        precomputed: await attachment<PrecomputedResults>(`../../data/precomputed/race/${session}.json`),
        summary: await attachment<RaceSummaryData>(`../../data/commentary/${session}.json`),
      }),
  },
  {
    folder: "qualifying",
    draw: async ({markdown, session, attachment}) =>
      drawQualifying({
        markdown,
        session,
        precomputed: await attachment<PrecomputedResults>(
          `../../data/precomputed/qualifying/${session}.json`,
        ),
      }),
  },
];

export interface PrerenderOptions {
  /** The built site (dist/). */
  distDir: string;
  /** The notebooks' sources (src/). */
  srcDir: string;
  Inputs: InputsLike;
  drawers?: readonly PageDrawer[];
  log?: (line: string) => void;
}

export interface PrerenderReport {
  /** Pages drawn, as "<folder>/<session>". */
  drawn: string[];
  /** Pages left as Framework built them, with why; they still work, only without the early drawing. */
  skipped: {page: string; reason: string}[];
}

export async function prerenderSite({
  distDir,
  srcDir,
  Inputs,
  drawers = PAGE_DRAWERS,
  log = () => {},
}: PrerenderOptions): Promise<PrerenderReport> {
  const report: PrerenderReport = {drawn: [], skipped: []};
  for (const {folder, draw} of drawers) {
    const markdown = await readFile(join(srcDir, `pages/${folder}/[session].md`), "utf8");
    const pagesDir = join(distDir, "pages", folder);
    const pages = (await readdir(pagesDir).catch(() => [] as string[]))
      .filter((name) => name.endsWith(".html"))
      .sort();
    for (const [index, name] of pages.entries()) {
      const page = join(pagesDir, name);
      const session = basename(name, ".html");
      try {
        const html = await readFile(page, "utf8");
        const drawing = await draw({
          markdown,
          session,
          Inputs,
          attachment: (file) => readAttachment(html, page, file),
        });
        const fragments = new Map([...drawing].map(([marker, content]) => [marker, toMarkup(content)]));
        await writeAtomically(page, injectPrerendered(html, fragments).html);
        report.drawn.push(`${folder}/${session}`);
      } catch (error) {
        report.skipped.push({
          page: `${folder}/${session}`,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
      log(`prerender: ${folder} ${index + 1}/${pages.length}`);
    }
  }
  return report;
}

/** A file the page attaches, read from where the build put it (its content-hashed path in _file/). */
async function readAttachment<T>(html: string, page: string, name: string): Promise<T> {
  const call = `registerFile(${JSON.stringify(name)}, `;
  const start = html.indexOf(call);
  const options = start < 0 ? "" : html.slice(start + call.length, html.indexOf(")", start));
  if (!options.startsWith("{") || !options.endsWith("}")) throw new Error(`the page does not attach ${name}`);
  const {path} = JSON.parse(options) as {path: string};
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
