import {readSettings, type Settings} from "../sources/settings.js";
import {HISTORY_SET, planHistory} from "./history-set.js";
import {openTableStore} from "./open-store.js";
import type {Manifest} from "./table-store.js";

/** Builds the history tables into the store when missing or stale; returns the store and the set's manifest. */
export async function ensureHistory(settings: Settings = readSettings()) {
  const store = await openTableStore(settings);
  const plan = planHistory(settings);
  const manifest: Manifest = await store.ensure(HISTORY_SET, await plan.fingerprint(), async () => {
    process.stderr.write(`history: building from ${plan.origin}...\n`);
    // Imported only when building: a cached run should not pay for loading every source.
    const {buildHistory} = await import("./history-build.js");
    return buildHistory(plan, settings);
  });
  return {store, manifest};
}

/** Path of one history table's Parquet file, building the history first when needed. */
export async function getHistoryTablePath(
  tableName: string,
  settings: Settings = readSettings(),
): Promise<string> {
  const {store, manifest} = await ensureHistory(settings);
  if (!manifest.tables[tableName]) throw new Error(`unknown history table "${tableName}"`);
  return store.tablePath(HISTORY_SET, tableName);
}
