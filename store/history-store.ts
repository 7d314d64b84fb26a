import {readSettings, type Settings} from "../sources/settings.js";
import {HISTORY_SET, planHistory} from "./history-set.js";
import {openTableStore} from "./open-store.js";
import type {Manifest, TableStore} from "./table-store.js";

/** Builds the history tables into the store when missing or stale; returns the store and the set's manifest. */
export async function ensureHistory(
  settings: Settings = readSettings(),
): Promise<{store: TableStore; manifest: Manifest}> {
  const store = await openTableStore(settings);
  const plan = planHistory(settings);
  const manifest = await store.ensure(HISTORY_SET, await plan.stamp(), async () => {
    process.stderr.write(`history: building from ${plan.origin}...\n`);
    // Imported only when building: a cached run should not pay for loading every source.
    const {buildHistory} = await import("./history-build.js");
    return buildHistory(plan, settings);
  });
  return {store, manifest};
}

/** The history tables as {name, path} Parquet files, building them first when needed. */
export async function getHistoryFiles(
  settings: Settings = readSettings(),
): Promise<{name: string; path: string}[]> {
  const {store, manifest} = await ensureHistory(settings);
  return store.tableFiles(HISTORY_SET, manifest);
}
