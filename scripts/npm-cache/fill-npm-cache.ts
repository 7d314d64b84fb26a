import {createHash} from "node:crypto";
import {existsSync, readFileSync, readdirSync} from "node:fs";
import {cp, mkdir, readFile, rename, rm, writeFile} from "node:fs/promises";
import {dirname, join, relative, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {version as esbuildVersion} from "esbuild";
import {bundleEntry, toCachePath, type CacheEntry, type DependencyPolicy} from "./bundle-entry.js";
import {locatePackage, type InstalledPackage} from "./locate-package.js";
import type {CachedPackage} from "./packages.js";

/** What to cache and where. */
export interface FillOptions {
  /** Folder holding package.json and node_modules. */
  projectRoot: string;
  /** Framework's source root (`root` in observablehq.config.ts), relative to projectRoot or absolute. */
  sourceRoot: string;
  packages: readonly CachedPackage[];
  sharedFromRoot: readonly string[];
  versionMarkers: Readonly<Record<string, string>>;
  /** Rebuild even when the stamp says the cache is current. */
  force?: boolean;
  /** Progress lines; defaults to stderr. */
  log?: (line: string) => void;
}

/** What a fill did. */
export interface FillReport {
  cacheDir: string;
  upToDate: boolean;
  /** `name@version` of every package now in the cache (markers excluded). */
  packages: string[];
  modules: number;
  files: number;
}

interface Stamp {
  recipe: string;
  /** `name@version` → package folder relative to the project root. */
  packages: Record<string, string>;
}

const stampName = ".pitwall-npm-cache.json";
const scriptDir = dirname(fileURLToPath(import.meta.url));

/**
 * Fills Framework's npm cache (`<sourceRoot>/.observablehq/cache/_npm/`) from node_modules so that
 * `observable build` and `observable preview` never fetch from jsDelivr or the npm registry. The new
 * cache is assembled beside the old one and swapped in whole: an interrupted run leaves the old cache.
 * A stamp records the recipe and versions; when nothing changed the run returns at once.
 */
export async function fillNpmCache(options: FillOptions): Promise<FillReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const cacheRoot = join(resolve(options.projectRoot, options.sourceRoot), ".observablehq", "cache");
  const cacheDir = join(cacheRoot, "_npm");
  const recipe = hashRecipe(options);
  const current = readStamp(cacheDir);
  if (!options.force && current && isCurrent(current, recipe, options.projectRoot, cacheDir)) {
    return {cacheDir, upToDate: true, packages: Object.keys(current.packages), modules: 0, files: 0};
  }

  await removeLeftovers(cacheRoot);
  const partialDir = join(cacheRoot, `_npm.partial-${process.pid}`);
  await mkdir(partialDir, {recursive: true});
  try {
    const result = await writeCache(partialDir, options, log);
    const stamp: Stamp = {recipe, packages: {}};
    for (const pkg of result.packages)
      stamp.packages[`${pkg.name}@${pkg.version}`] = relative(options.projectRoot, pkg.dir);
    await writeFile(join(partialDir, stampName), `${JSON.stringify(stamp, null, 2)}\n`);
    await swapIn(partialDir, cacheDir);
    return {
      cacheDir,
      upToDate: false,
      packages: Object.keys(stamp.packages),
      modules: result.modules,
      files: result.files,
    };
  } finally {
    await rm(partialDir, {recursive: true, force: true});
  }
}

async function writeCache(
  outDir: string,
  options: FillOptions,
  log: (line: string) => void,
): Promise<{packages: InstalledPackage[]; modules: number; files: number}> {
  const policy: DependencyPolicy = {
    projectRoot: options.projectRoot,
    sharedFromRoot: new Set(options.sharedFromRoot),
  };
  const pins = readFrameworkPins(options.projectRoot);
  const shims = new Map<string, string>();
  const queue: CacheEntry[] = [];
  const seen = new Set<string>();
  const enqueue = (entry: CacheEntry) => {
    const key = toCachePath(entry);
    if (seen.has(key)) return;
    seen.add(key);
    queue.push(entry);
  };
  const roots: {pkg: InstalledPackage; files: string[]}[] = [];
  for (const spec of options.packages) {
    const pkg = locatePackage(spec.name, options.projectRoot);
    if (!pkg)
      throw new Error(`${spec.name} is not installed: run \`npm ci\` (or \`npm i -E ${spec.name}\`).`);
    const pinned = pins[spec.name];
    if (pinned && pkg.version !== pinned) {
      throw new Error(
        `Framework asks for ${spec.name}@${pinned} but ${pkg.version} is installed: run \`npm i -E ${spec.name}@${pinned}\`.`,
      );
    }
    if (spec.shim) shims.set(toCachePath({pkg, subpath: ""}), resolve(scriptDir, spec.shim));
    for (const subpath of ["", ...(spec.entries ?? [])]) enqueue({pkg, subpath});
    roots.push({pkg, files: spec.files ?? []});
  }

  const packages = new Map<string, InstalledPackage>();
  let modules = 0;
  // Each esbuild call is itself parallel; a small pool keeps two cores busy without thrashing.
  await runPool(queue, 4, async (entry) => {
    const path = toCachePath(entry);
    const bundled = await bundleEntry(entry, policy, shims.get(path)).catch((error: Error) => {
      throw new Error(`Could not bundle ${path} from ${entry.pkg.dir}: ${error.message}`);
    });
    await writeFileIn(outDir, path, bundled.code);
    packages.set(`${entry.pkg.name}@${entry.pkg.version}`, entry.pkg);
    for (const dependency of bundled.dependencies) enqueue(dependency);
    log(`npm-cache: ${path} (${++modules}/${queue.length})`);
  });

  let files = 0;
  for (const {pkg, files: paths} of roots) {
    for (const file of paths) {
      const source = join(pkg.dir, file);
      if (!existsSync(source))
        throw new Error(`${pkg.name}@${pkg.version} has no ${file}: is the right version installed?`);
      const target = `${pkg.name}@${pkg.version}/${file}`;
      // Source maps are not shipped; their comment would make browser devtools ask for them.
      if (file.endsWith(".js"))
        await writeFileIn(outDir, target, stripSourceMapComment(await readFile(source, "utf-8")));
      else await copyFileIn(outDir, target, source);
      files++;
      log(`npm-cache: ${target}`);
    }
  }

  for (const [name, version] of Object.entries(options.versionMarkers)) {
    if ([...packages.values()].some((pkg) => pkg.name === name)) continue;
    await mkdir(join(outDir, `${name}@${version}`), {recursive: true});
  }
  return {packages: [...packages.values()], modules, files};
}

/** Runs `task` over `items` with at most `size` at a time; items appended while running are picked up too. */
async function runPool<T>(items: T[], size: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const item = items[next++] as T;
      await task(item).catch((error: unknown) => {
        failure ??= error;
      });
    }
  };
  // Workers that find the queue empty end early; restart them while tasks are still adding work.
  while (failure === null && next < items.length) await Promise.all(Array.from({length: size}, worker));
  if (failure !== null) throw failure;
}

async function writeFileIn(dir: string, path: string, contents: string): Promise<void> {
  const target = join(dir, path);
  await mkdir(dirname(target), {recursive: true});
  await writeFile(target, contents);
}

async function copyFileIn(dir: string, path: string, source: string): Promise<void> {
  const target = join(dir, path);
  await mkdir(dirname(target), {recursive: true});
  await cp(source, target);
}

function stripSourceMapComment(code: string): string {
  return code.replace(/^\/\/# sourceMappingURL=.*$/gm, "");
}

/** Versions Framework hard-codes instead of resolving (today only DuckDB-WASM), read from its dist. */
function readFrameworkPins(projectRoot: string): Record<string, string> {
  const framework = locatePackage("@observablehq/framework", projectRoot);
  if (!framework) return {};
  const source = readFileSync(join(framework.dir, "dist", "duckdb.js"), "utf-8");
  const match = /DUCKDB_WASM_VERSION = "([^"]+)"/.exec(source);
  return match?.[1] ? {"@duckdb/duckdb-wasm": match[1]} : {};
}

function hashRecipe(options: FillOptions): string {
  const hash = createHash("sha256");
  for (const file of listSources(scriptDir)) hash.update(file).update(readFileSync(join(scriptDir, file)));
  const framework = locatePackage("@observablehq/framework", options.projectRoot);
  hash.update(
    JSON.stringify([
      esbuildVersion,
      framework?.version,
      options.packages,
      options.sharedFromRoot,
      options.versionMarkers,
    ]),
  );
  return hash.digest("hex");
}

function listSources(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), {withFileTypes: true})
    .flatMap((entry) => {
      const path = join(prefix, entry.name);
      if (entry.isDirectory()) return listSources(dir, path);
      return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
    })
    .sort();
}

function readStamp(cacheDir: string): Stamp | null {
  try {
    return JSON.parse(readFileSync(join(cacheDir, stampName), "utf-8")) as Stamp;
  } catch {
    return null;
  }
}

function isCurrent(stamp: Stamp, recipe: string, projectRoot: string, cacheDir: string): boolean {
  if (stamp.recipe !== recipe) return false;
  return Object.entries(stamp.packages).every(([key, dir]) => {
    const manifest = join(projectRoot, dir, "package.json");
    if (!existsSync(manifest) || !existsSync(join(cacheDir, key))) return false;
    const {version} = JSON.parse(readFileSync(manifest, "utf-8")) as {version?: string};
    return key.endsWith(`@${version}`);
  });
}

async function removeLeftovers(cacheRoot: string): Promise<void> {
  if (!existsSync(cacheRoot)) return;
  for (const name of readdirSync(cacheRoot)) {
    const match = /^_npm\.(partial|old)-(\d+)$/.exec(name);
    if (match && !isRunning(Number(match[2])))
      await rm(join(cacheRoot, name), {recursive: true, force: true});
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function swapIn(partialDir: string, cacheDir: string): Promise<void> {
  const oldDir = `${cacheDir}.old-${process.pid}`;
  if (existsSync(cacheDir)) await rename(cacheDir, oldDir);
  try {
    await rename(partialDir, cacheDir);
  } catch (error) {
    // Another fill swapped its cache in first; it was built from the same node_modules.
    if (!existsSync(cacheDir)) throw error;
  }
  await rm(oldDir, {recursive: true, force: true});
}
