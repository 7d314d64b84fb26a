import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {serveStatic, type StaticServer} from "../../scripts/serve.js";

/** A throwaway site of hand-written files, served on loopback, for testing the harness itself. */
export interface FixtureSite extends StaticServer {
  dir: string;
}

/** Writes `files` (path → contents) to a temporary folder and serves it. */
export async function serveFixtures(files: Record<string, string>): Promise<FixtureSite> {
  const dir = await mkdtemp(join(tmpdir(), "pitwall-fixtures-"));
  for (const [path, contents] of Object.entries(files)) await writeFile(join(dir, path), contents);
  const server = await serveStatic(dir);
  return {
    ...server,
    dir,
    async close() {
      await server.close();
      await rm(dir, {recursive: true, force: true});
    },
  };
}
