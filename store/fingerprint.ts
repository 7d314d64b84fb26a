import {createHash} from "node:crypto";
import {readdir, stat} from "node:fs/promises";
import {join} from "node:path";

/** Fingerprint of source files (path, size, modification time): changes whenever an input file does. */
export async function fingerprintFiles(paths: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const path of [...paths].sort()) {
    try {
      const info = await stat(path);
      hash.update(`${path}\t${info.size}\t${info.mtimeMs}\n`);
    } catch {
      hash.update(`${path}\tmissing\n`);
    }
  }
  return hash.digest("hex").slice(0, 16);
}

/** Files directly inside a folder, as absolute paths; empty when the folder does not exist. */
export async function listFiles(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, {withFileTypes: true});
    return entries.filter((entry) => entry.isFile()).map((entry) => join(folder, entry.name));
  } catch {
    return [];
  }
}
