import {readFile, stat} from "node:fs/promises";
import {Hono} from "hono";
import {isNotModified, toCachingHeaders} from "../../scripts/cache-headers.js";
import {toContentType, toFileCandidates} from "../../scripts/serve.js";

/** Serves a built site (Framework's dist/) with clean URLs, for `npm start`: the same rules as scripts/serve.ts. */
export function staticSiteRoutes(root: string) {
  return new Hono().get("*", async (c) => {
    const pathname = new URL(c.req.url).pathname;
    const candidates = toFileCandidates(root, pathname);
    if (!candidates) return c.text("Bad path.\n", 400);
    for (const file of candidates) {
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) {
        const caching = toCachingHeaders(pathname, info);
        if (isNotModified(c.req.header("if-none-match"), caching.etag)) return c.body(null, 304, caching);
        return c.body(new Uint8Array(await readFile(file)), 200, {
          "content-type": toContentType(file),
          ...caching,
        });
      }
    }
    return c.text(`Not found: ${new URL(c.req.url).pathname}\n`, 404);
  });
}
