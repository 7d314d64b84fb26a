import {existsSync, readFileSync} from "node:fs";
import {dirname, join} from "node:path";

/** A bare import split the way npm names things: `@scope/name/sub/path` → name `@scope/name`, subpath `sub/path`. */
export interface BareSpecifier {
  name: string;
  /** Path inside the package, "" for the package's main entry. */
  subpath: string;
}

/** An installed package: where it is and which version npm put there. */
export interface InstalledPackage {
  name: string;
  version: string;
  dir: string;
}

/** Splits a bare import specifier into package name and subpath; returns null for relative, absolute or URL imports. */
export function toBareSpecifier(specifier: string): BareSpecifier | null {
  if (/^(\.|\/|[a-z][\w+.-]*:)/i.test(specifier)) return null;
  const parts = specifier.split("/");
  const nameParts = specifier.startsWith("@") ? parts.splice(0, 2) : parts.splice(0, 1);
  if (nameParts.length !== (specifier.startsWith("@") ? 2 : 1) || nameParts.some((part) => part === ""))
    return null;
  return {name: nameParts.join("/"), subpath: parts.join("/")};
}

/**
 * Finds the package `name` as Node would from a file in `fromDir`: the nearest `node_modules/<name>`
 * walking up. Returns null when it is not installed.
 */
export function locatePackage(name: string, fromDir: string): InstalledPackage | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    const manifest = join(candidate, "package.json");
    if (existsSync(manifest)) {
      const {version} = JSON.parse(readFileSync(manifest, "utf-8")) as {version?: string};
      if (!version) throw new Error(`${manifest} has no version: reinstall ${name} (npm ci).`);
      return {name, version, dir: candidate};
    }
    if (dirname(dir) === dir) return null;
  }
}
