import {existsSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {projectRoot, readSettings} from "../sources/settings.js";
import {knownNotebookFolders, pickSessionNotebooks} from "../src/notebook/session-notebooks.js";
import type {CatalogSession} from "../store/session-catalog.js";

function hasTopic(session: CatalogSession, topic: string): boolean {
  return session.source === "livetiming" && session.topics.includes(`${topic}.jsonStream`);
}

/** The notebook folders built for a catalog session (`src/notebook/session-notebooks.ts` holds the rule). */
export function listSessionNotebooks(session: CatalogSession): string[] {
  return pickSessionNotebooks({
    session_name: session.session_name,
    has_laps: session.source === "openf1" || hasTopic(session, "TimingData"),
    has_car_data: hasTopic(session, "CarData.z"),
  }).map((notebook) => notebook.folder);
}

/**
 * Folders of `src/pages` holding a `[session].md` that PitWall's rule does not know (a notebook made with
 * `npm run new`): they are built for every session, and say in words what a session lacks.
 */
export function listExtraSessionFolders(pagesDir = join(projectRoot, "src", "pages")): string[] {
  const known = new Set(knownNotebookFolders());
  return readdirSync(pagesDir, {withFileTypes: true})
    .filter((entry) => entry.isDirectory() && !known.has(entry.name) && entry.name !== "live")
    .filter((entry) => existsSync(join(pagesDir, entry.name, "[session].md")))
    .map((entry) => entry.name)
    .sort();
}

/** Seasons the season hub is built for: every season with races in the history. */
export async function listSeasons(): Promise<number[]> {
  const {getHistoryFiles} = await import("../store/history-store.js");
  const {DuckDBInstance} = await import("@duckdb/node-api");
  const races = (await getHistoryFiles()).find((file) => file.name === "races.parquet");
  if (!races) return [];
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT DISTINCT year FROM read_parquet('${races.path.replaceAll("'", "''")}') ORDER BY year`,
    );
    return reader.getRowObjectsJS().map((row) => Number(row.year));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Page paths Framework cannot find by listing `src/`: each session's notebooks
 * (`/pages/<notebook>/<session_id>`) and a season hub per season in the history (`/pages/season/<year>`).
 */
export async function* listDynamicPaths(): AsyncGenerator<string> {
  const {listCatalog} = await import("../store/session-catalog.js");
  const extra = listExtraSessionFolders();
  for (const session of await listCatalog(readSettings())) {
    for (const folder of [...listSessionNotebooks(session), ...extra])
      yield `/pages/${folder}/${session.session_id}`;
  }
  for (const year of await listSeasons()) yield `/pages/season/${year}`;
}
