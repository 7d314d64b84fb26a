import {existsSync, readFileSync} from "node:fs";
import {dirname, isAbsolute, join, resolve} from "node:path";
import {fileURLToPath} from "node:url";

/** Where PitWall reads its data from and keeps its caches. */
export interface Settings {
  /** Local mirror folder laid out by URL (like ../shared/data), or null to use the internet. */
  mirror: string | null;
  /** Folder for PitWall's caches: HTTP responses and parsed tables. */
  cacheDir: string;
  /** Where the setting came from, for messages: "PITWALL_MIRROR", "pitwall.config.json", "default", "none". */
  mirrorOrigin: "PITWALL_MIRROR" | "pitwall.config.json" | "default" | "none";
}

/** The project's root folder (where package.json is). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

interface ConfigFile {
  mirror?: string | null;
  cacheDir?: string;
}

/**
 * Reads the settings: PITWALL_MIRROR (a path, or "none" for the internet), then pitwall.config.json's
 * "mirror", then ../shared/data beside the checkout when it exists; otherwise the internet.
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env, root = projectRoot): Settings {
  const file = readConfigFile(root);
  const cacheDir = resolveFrom(root, env.PITWALL_CACHE_DIR ?? file.cacheDir ?? ".pitwall");
  const fromEnv = env.PITWALL_MIRROR;
  if (fromEnv !== undefined && fromEnv !== "") {
    return {
      mirror: fromEnv === "none" ? null : resolveFrom(root, fromEnv),
      cacheDir,
      mirrorOrigin: "PITWALL_MIRROR",
    };
  }
  if (file.mirror !== undefined) {
    return {
      mirror: file.mirror ? resolveFrom(root, file.mirror) : null,
      cacheDir,
      mirrorOrigin: "pitwall.config.json",
    };
  }
  const fallback = resolve(root, "..", "shared", "data");
  if (existsSync(fallback)) return {mirror: fallback, cacheDir, mirrorOrigin: "default"};
  return {mirror: null, cacheDir, mirrorOrigin: "none"};
}

function readConfigFile(root: string): ConfigFile {
  const path = join(root, "pitwall.config.json");
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ConfigFile;
  } catch (error) {
    throw new Error(
      `${path} is not valid JSON (${(error as Error).message}). Fix it or delete it to use the defaults.`,
      {cause: error},
    );
  }
}

function resolveFrom(root: string, path: string): string {
  return isAbsolute(path) ? path : resolve(root, path);
}
