import {readSettings, type Settings} from "../sources/settings.js";
import {openTableStore} from "./open-store.js";
import type {CatalogSession} from "./session-catalog.js";
import type {Manifest, TableStore} from "./table-store.js";

/** Builds a session's tables into the store when missing or stale; returns the store and its manifest. */
export async function ensureSession(
  session: CatalogSession,
  settings: Settings = readSettings(),
): Promise<{store: TableStore; manifest: Manifest}> {
  const store = await openTableStore(settings);
  const {buildSession, stampSession} = await import("./session-set.js");
  const manifest = await store.ensure(session.session_id, stampSession(session, settings), () => {
    process.stderr.write(`${session.session_id}: building tables from ${session.source}...\n`);
    return buildSession(session, settings);
  });
  return {store, manifest};
}

/**
 * A session's tables as {name, path} Parquet files, by session id. An already-built set whose source files are
 * unchanged is served without listing the catalog; otherwise the session is found and built.
 */
export async function getSessionFiles(
  sessionId: string,
  settings: Settings = readSettings(),
): Promise<{name: string; path: string}[]> {
  const store = await openTableStore(settings);
  const fresh = await store.readFreshManifest(sessionId);
  if (fresh) return store.tableFiles(sessionId, fresh);
  const {findCatalogSession} = await import("./session-catalog.js");
  const {manifest} = await ensureSession(await findCatalogSession(settings, sessionId), settings);
  return store.tableFiles(sessionId, manifest);
}
