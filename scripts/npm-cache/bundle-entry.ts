import {isAbsolute, posix, relative, sep} from "node:path";
import {build, type Plugin} from "esbuild";
import {locatePackage, toBareSpecifier, type InstalledPackage} from "./locate-package.js";

/** One module of the cache: a package entry (main or subpath) bundled as ES module. */
export interface CacheEntry {
  pkg: InstalledPackage;
  /** Path inside the package, "" for the main entry. */
  subpath: string;
}

/** What bundling one entry produced: the code and the other packages' entries it imports. */
export interface BundledEntry {
  code: string;
  dependencies: CacheEntry[];
}

/** How bare imports of other packages are resolved while bundling. */
export interface DependencyPolicy {
  /** Packages every importer gets from the project root, whatever version it pins itself. */
  sharedFromRoot: ReadonlySet<string>;
  projectRoot: string;
}

/**
 * Where Framework looks for a package entry inside `_npm/`, e.g. `d3@7.9.2/_esm.js` for `npm:d3` and
 * `d3@7.9.2/src/foo._esm.js` for `npm:d3/src/foo` (Framework's `resolveNpmImport` naming).
 */
export function toCachePath({pkg, subpath}: CacheEntry): string {
  const file = subpath === "" ? "_esm.js" : /\.(m|c)?js$/.test(subpath) ? subpath : `${subpath}._esm.js`;
  return `${pkg.name}@${pkg.version}/${file}`;
}

/**
 * Bundles one package entry for the browser with esbuild. The package's own files are inlined; every
 * other package it imports stays an import of that package's cached bundle (a relative path inside
 * `_npm/`), like jsDelivr's `+esm`, so a dependency shared by several packages is loaded once.
 * `source` replaces the entry module (a shim of ours), defaults to the package's own entry.
 */
export async function bundleEntry(
  entry: CacheEntry,
  policy: DependencyPolicy,
  source?: string,
): Promise<BundledEntry> {
  const dependencies = new Map<string, CacheEntry>();
  const specifier = entry.subpath === "" ? entry.pkg.name : `${entry.pkg.name}/${entry.subpath}`;
  const result = await build({
    entryPoints: [source ?? "pitwall-cache-entry"],
    absWorkingDir: policy.projectRoot,
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "eof",
    logLevel: "silent",
    define: {"process.env.NODE_ENV": '"production"'},
    plugins: [
      resolveEntry(specifier, entry.pkg),
      externalizeDependencies(entry, policy, (dependency) => {
        dependencies.set(toCachePath(dependency), dependency);
      }),
    ],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${specifier}`);
  return {code: output.text, dependencies: [...dependencies.values()]};
}

function resolveEntry(specifier: string, pkg: InstalledPackage): Plugin {
  return {
    name: "pitwall-cache-entry",
    setup(build) {
      build.onResolve({filter: /^pitwall-cache-entry$/}, async () => {
        // Resolving from inside the package's folder finds this very copy, even when npm nested it.
        const resolved = await build.resolve(specifier, {kind: "import-statement", resolveDir: pkg.dir});
        if (resolved.errors.length > 0) return {errors: resolved.errors};
        if (!isInside(resolved.path, pkg.dir)) {
          return {errors: [{text: `${specifier} resolved outside ${pkg.dir}: ${resolved.path}`}]};
        }
        return {path: resolved.path};
      });
    },
  };
}

function externalizeDependencies(
  entry: CacheEntry,
  policy: DependencyPolicy,
  onDependency: (dependency: CacheEntry) => void,
): Plugin {
  const from = posix.dirname(toCachePath(entry));
  return {
    name: "pitwall-externalize-dependencies",
    setup(build) {
      build.onResolve({filter: /^[^./]/}, (args) => {
        // A require() of an external module cannot work in an ES module, so CommonJS code keeps its
        // dependencies inlined (rare: interval-tree-1d → binary-search-bounds).
        if (args.kind === "require-call" || args.kind === "require-resolve" || args.kind === "entry-point")
          return;
        const bare = toBareSpecifier(args.path);
        if (!bare) return;
        const searchFrom = policy.sharedFromRoot.has(bare.name) ? policy.projectRoot : args.resolveDir;
        const pkg = locatePackage(bare.name, searchFrom);
        // Not installed (a Node built-in the package's "browser" field maps away): esbuild decides.
        if (!pkg || pkg.dir === entry.pkg.dir) return;
        const dependency = {pkg, subpath: bare.subpath};
        onDependency(dependency);
        const path = posix.relative(from, toCachePath(dependency));
        return {path: path.startsWith(".") ? path : `./${path}`, external: true};
      });
    },
  };
}

function isInside(file: string, dir: string): boolean {
  const path = relative(dir, file);
  return path !== "" && path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}
