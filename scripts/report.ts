// npm run report -- <session> [--pdf] [--out <file.pdf>]
// Prints a session's race report to PDF through Chromium: serves the built site (dist/) on loopback, opens the
// report, waits for every cell, and prints it. Without --pdf it says where the report is and how to serve it.
import {existsSync} from "node:fs";
import {mkdir, rename, rm, writeFile} from "node:fs/promises";
import {dirname, join, relative, resolve} from "node:path";
import {waitForCells} from "../test/browser/cells.js";
import {launchBrowser} from "../test/browser/launch-browser.js";
import {distDir as builtSite} from "../test/browser/site.js";
import {escapeHtml} from "./escape-html.js";
import {serveStatic} from "./serve.js";

/** What the command was asked to do. */
export interface ReportRequest {
  session: string;
  pdf: boolean;
  out: string;
}

const usage = "usage: npm run report -- <session-id> [--pdf] [--out <file.pdf>]";

/** Reads the command line; throws with the usage on anything it does not understand. */
export function parseReportArgs(argv: readonly string[], cwd = process.cwd()): ReportRequest {
  const positional: string[] = [];
  let pdf = false;
  let out: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--pdf") pdf = true;
    else if (arg === "--out") out = argv[++i] ?? null;
    else if (arg.startsWith("--out=")) out = arg.slice("--out=".length);
    else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}\n${usage}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new Error(`give exactly one session id\n${usage}`);
  const session = positional[0]!;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(session))
    throw new Error(`"${session}" is not a session id (like 2025-miami-grand-prix-sprint)\n${usage}`);
  if (out === "") throw new Error(`--out needs a file name\n${usage}`);
  return {session, pdf, out: resolve(cwd, out ?? join("reports", `${session}.pdf`))};
}

/** The built report page of a session; throws with what to do when there is none. */
export function findBuiltReport(distDir: string, session: string): string {
  const page = join(distDir, "pages", "race", `${session}.html`);
  if (existsSync(page)) return page;
  if (!existsSync(join(distDir, "index.html")))
    throw new Error("dist/ has no built site: run `npm run build` first.");
  throw new Error(
    `No race report for "${session}" in dist/: race reports are built for races and sprints only. ` +
      `List them with: ls ${relative(process.cwd(), join(distDir, "pages", "race"))}`,
  );
}

/** Prints the report to `out` (written whole or not at all) and returns its size in bytes. */
export async function printReport(session: string, out: string, distDir = builtSite): Promise<number> {
  findBuiltReport(distDir, session);
  const server = await serveStatic(distDir);
  const browsing = await launchBrowser();
  try {
    const page = await browsing.context.newPage();
    const url = new URL(`pages/race/${session}`, server.url).href;
    log(`report: opening ${url}`);
    await page.goto(url, {waitUntil: "load"});
    await waitForCells(page, {timeout: 120_000});
    log("report: every cell done, printing");
    await page.emulateMedia({media: "print"});
    const title = await page.locator("#report-title").innerText();
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      margin: {top: "14mm", bottom: "14mm", left: "12mm", right: "12mm"},
      displayHeaderFooter: true,
      headerTemplate: `<div style="font-size:7px;width:100%;text-align:center;color:#888">${escapeHtml(title)} · PitWall</div>`,
      footerTemplate: `<div style="font-size:7px;width:100%;text-align:center;color:#888"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
    });
    await mkdir(dirname(out), {recursive: true});
    const partial = `${out}.${process.pid}.partial`;
    try {
      await writeFile(partial, pdf);
      await rename(partial, out);
    } catch (error) {
      await rm(partial, {force: true});
      throw error;
    }
    return pdf.length;
  } finally {
    await browsing.close();
    await server.close();
  }
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  const request = parseReportArgs(process.argv.slice(2));
  const distDir = builtSite;
  if (!request.pdf) {
    const page = findBuiltReport(distDir, request.session);
    process.stdout.write(
      `${relative(process.cwd(), page)}\nServe the site with \`npx tsx scripts/serve.ts --port 3000 dist\` and open ` +
        `http://127.0.0.1:3000/pages/race/${request.session}, or add --pdf to print it.\n`,
    );
    return;
  }
  const started = performance.now();
  const bytes = await printReport(request.session, request.out, distDir);
  log(
    `report: wrote ${relative(process.cwd(), request.out)} (${Math.round(bytes / 1024)} KB) in ${Math.round(performance.now() - started)} ms`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    log(`report: ${error.message}`);
    process.exitCode = 1;
  });
}
