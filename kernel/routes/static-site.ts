import {readFile, stat} from "node:fs/promises";
import {Hono} from "hono";
import {toContentType, toFileCandidates} from "../../scripts/serve.js";

/** Serves a built site (Framework's dist/) with clean URLs, for `npm start`: the same rules as scripts/serve.ts. */
export function staticSiteRoutes(root: string) {
  return new Hono().get("*", async (c) => {
    const candidates = toFileCandidates(root, new URL(c.req.url).pathname);
    if (!candidates) return c.text("Bad path.\n", 400);
    for (const file of candidates) {
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) {
        return c.body(new Uint8Array(await readFile(file)), 200, {
          "content-type": toContentType(file),
          "cache-control": "no-cache",
        });
      }
    }
    return c.text(`Not found: ${new URL(c.req.url).pathname}\n`, 404);
  });
}
