import {readSettings} from "../sources/settings.js";

/**
 * Page paths Framework cannot find by listing `src/`: one session overview per session the configured
 * sources hold (`/pages/session/<session_id>`).
 */
export async function* listDynamicPaths(): AsyncGenerator<string> {
  const {listCatalog} = await import("../store/session-catalog.js");
  for (const session of await listCatalog(readSettings())) yield `/pages/session/${session.session_id}`;
}
