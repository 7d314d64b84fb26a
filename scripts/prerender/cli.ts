// npm run build, after `observable build`: draws the first screen of race reports and qualifying notebooks into their HTML, so readers see
// it before the page's code has loaded (and without JavaScript). Usage: tsx scripts/prerender/cli.ts [dist]
import {register} from "node:module";
import {fileURLToPath} from "node:url";
import {installDom} from "./dom.js";

register("./npm-specifiers.mjs", import.meta.url);
installDom();
const root = fileURLToPath(new URL("../../", import.meta.url));
const distDir = process.argv[2] ?? process.env.PITWALL_DIST ?? `${root}dist`;
const Inputs = await import("@observablehq/inputs");
const {prerenderSite} = await import("./site.js");

let lastLine = 0;
const report = await prerenderSite({
  distDir,
  srcDir: `${root}src`,
  Inputs,
  log: (line) => {
    if (Date.now() - lastLine < 2000) return;
    lastLine = Date.now();
    console.error(line);
  },
});
console.error(`prerender: drew the first screen of ${report.drawn.length} pages into their HTML`);
for (const {page, reason} of report.skipped) console.error(`prerender: left ${page} as built: ${reason}`);
if (report.drawn.length === 0 && report.skipped.length > 0) {
  console.error("prerender: no page could be drawn; the pages still work, without the early drawing.");
  process.exitCode = 1;
}
