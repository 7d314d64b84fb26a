import {join} from "node:path";
import type {Settings} from "../sources/settings.js";
import {codeVersion, TableStore} from "./table-store.js";

// Everything that shapes a parsed table: the sources, the vocabulary and the store itself.
export const CODE_FOLDERS = ["sources", "src/sport", "store"];

let version: Promise<string> | null = null;

/** The table store under the settings' cache dir, versioned by the code that parses sources. */
export async function openTableStore(settings: Pick<Settings, "cacheDir">): Promise<TableStore> {
  version ??= codeVersion(CODE_FOLDERS);
  return new TableStore(join(settings.cacheDir, "tables"), await version);
}
