// Usage: tsx scripts/npm-cache/cli.ts [--force]
// Fills src/.observablehq/cache/_npm/ from node_modules so Framework builds and previews offline.
import {resolve} from "node:path";
import {parseArgs} from "node:util";
import {fillNpmCache} from "./fill-npm-cache.js";
import {cachedPackages, sharedFromRoot, versionMarkers} from "./packages.js";

const {values} = parseArgs({
  options: {force: {type: "boolean", default: false}, root: {type: "string", default: "src"}},
});
const started = performance.now();
try {
  const report = await fillNpmCache({
    projectRoot: resolve(import.meta.dirname, "../.."),
    sourceRoot: values.root,
    packages: cachedPackages,
    sharedFromRoot,
    versionMarkers,
    force: values.force,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    report.upToDate
      ? `npm-cache: up to date (${report.packages.length} packages) in ${report.cacheDir}\n`
      : `npm-cache: ${report.modules} modules and ${report.files} files from ${report.packages.length} packages in ${seconds}s → ${report.cacheDir}\n`,
  );
} catch (error) {
  process.stderr.write(`npm-cache: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
