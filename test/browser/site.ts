import {spawn} from "node:child_process";
import {existsSync, readdirSync, statSync} from "node:fs";
import {join, resolve} from "node:path";
import {serveStatic, type StaticServer} from "../../scripts/serve.js";

/** The project's root folder (where package.json is). */
export const projectRoot = resolve(import.meta.dirname, "../..");
/** Where `npm run build` writes the site: dist/, or PITWALL_DIST when set (as the build config reads it). */
export const distDir = process.env.PITWALL_DIST
  ? resolve(projectRoot, process.env.PITWALL_DIST)
  : join(projectRoot, "dist");
/** Written by Framework at the very end of a successful build. */
const buildManifest = join(projectRoot, "src", ".observablehq", "cache", "_build.json");
/** What a build reads: pages, loaders and their code, the config and the npm cache recipe. */
const buildInputs = [
  "src",
  "sources",
  "store",
  "models",
  "scripts/npm-cache",
  "scripts/dynamic-paths.ts",
  "observablehq.config.ts",
  "package-lock.json",
];

/** Why the built site is out of date, or null when it is current. */
export function findStaleness(): string | null {
  if (!existsSync(join(distDir, "index.html")) || !existsSync(buildManifest))
    return "dist/ has not been built";
  const builtAt = statSync(buildManifest).mtimeMs;
  for (const input of buildInputs) {
    const newer = findNewerFile(join(projectRoot, input), builtAt);
    if (newer) return `${newer.slice(projectRoot.length + 1)} changed since the last build`;
  }
  return null;
}

function findNewerFile(path: string, than: number): string | null {
  if (!existsSync(path)) return null;
  const info = statSync(path);
  // A folder's time changes when a file in it is added or deleted (a removed page must go from dist/).
  if (info.mtimeMs > than) return path;
  if (!info.isDirectory()) return null;
  for (const entry of readdirSync(path)) {
    if (entry === ".observablehq" || entry === "node_modules") continue;
    const newer = findNewerFile(join(path, entry), than);
    if (newer) return newer;
  }
  return null;
}

/**
 * Runs `npm run build` unless dist/ is current (PITWALL_SKIP_BUILD=1 skips the check, for a pipeline
 * that has just built). Build output goes to stderr.
 */
export async function ensureSiteBuilt(): Promise<void> {
  if (process.env.PITWALL_SKIP_BUILD === "1") return;
  const reason = findStaleness();
  if (!reason) return;
  process.stderr.write(`browser tests: building the site (${reason})\n`);
  await new Promise<void>((resolveBuild, reject) => {
    const child = spawn("npm", ["run", "build"], {cwd: projectRoot, stdio: ["ignore", 2, 2]});
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolveBuild();
      else reject(new Error(`npm run build failed (${signal ?? `exit ${code}`}): see its output above`));
    });
  });
}

/** Serves dist/ on a free loopback port. */
export function startSite(): Promise<StaticServer> {
  if (!existsSync(distDir)) throw new Error("dist/ is missing: run `npm run build` first.");
  return serveStatic(distDir);
}
