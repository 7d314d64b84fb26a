/**
 * Page paths Framework cannot find by listing `src/`: one per value of a `[param]` in a page or loader
 * name (e.g. `/pages/session/2025-mexico-city-qualifying`). Yields nothing yet.
 */
export async function* listDynamicPaths(): AsyncGenerator<string> {
  // LEAD: yield the archive's session pages here, e.g. from store/'s session catalogue:
  //   yield* (await import("../store/catalog.js")).pagePaths();
}
