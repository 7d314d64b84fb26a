// How the built site is cached by browsers. Framework names most of what it emits after its content
// (`client.51de9f56.js`, `laps.7e2f1a3b.parquet`, `_npm/d3-zoom@3.0.1/fac4a28b.js`): such a file never changes
// under its name, so a browser may keep it for a year without asking. Everything else (pages, the unhashed
// DuckDB-WASM modules) is revalidated on each visit with an ETag: a 304 costs a round trip, not 35 MB, and
// keeps Chromium's compiled-WebAssembly cache for the module valid.

const CONTENT_HASHED = /(?:\.|\/)[0-9a-f]{8}\.[a-z0-9]+$/;

/** Cache-Control for a served path. */
export function toCacheControl(pathname: string): string {
  return CONTENT_HASHED.test(pathname) ? "public, max-age=31536000, immutable" : "no-cache";
}

/** A validator for a file: changes whenever its size or modification time does. */
export function toEtag(info: {size: number; mtimeMs: number}): string {
  return `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
}

/** True when the request's If-None-Match names this ETag (the browser's copy is current). */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const weak = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || weak(tag) === weak(etag));
}

/** The caching headers of a file served with 200: its ETag and how long a browser may keep it. */
export function toCachingHeaders(
  pathname: string,
  info: {size: number; mtimeMs: number},
): {etag: string; "cache-control": string} {
  return {etag: toEtag(info), "cache-control": toCacheControl(pathname)};
}
