// Serves a built site (Framework's dist/) from disk on a loopback port: the static host the browser
// tests use, also runnable by hand: `tsx scripts/serve.ts --port 3000 dist`.
import {createReadStream} from "node:fs";
import {stat} from "node:fs/promises";
import {createServer, type IncomingMessage, type Server, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, resolve, sep} from "node:path";
import {pathToFileURL} from "node:url";
import {parseArgs} from "node:util";
import {isNotModified, toCachingHeaders} from "./cache-headers.js";

/** A running static server. */
export interface StaticServer {
  /** Base URL, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  close(): Promise<void>;
}

/** Where to listen; defaults to 127.0.0.1 on a free port. */
export interface ServeOptions {
  host?: string;
  port?: number;
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".parquet": "application/vnd.apache.parquet",
  ".arrow": "application/vnd.apache.arrow.file",
  ".csv": "text/csv; charset=utf-8",
  ".tsv": "text/tab-separated-values; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".zip": "application/zip",
};

/** The Content-Type for a file name; unknown extensions are served as bytes. */
export function toContentType(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/**
 * Maps a request path to a file under `root` the way Framework's clean URLs expect: `/` → index.html,
 * `/pages/x` → pages/x.html, `/pages/` → pages/index.html. Returns null for paths that leave `root`.
 */
export function toFileCandidates(root: string, pathname: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith("/") || decoded.includes("\0")) return null;
  const base = resolve(root);
  const file = resolve(base, `.${decoded}`);
  if (file !== base && !file.startsWith(base + sep)) return null;
  if (decoded.endsWith("/")) return [join(file, "index.html")];
  return extname(decoded) ? [file, `${file}.html`] : [`${file}.html`, file, join(file, "index.html")];
}

/** Starts serving `root`; resolves once listening. */
export async function serveStatic(
  root: string,
  {host = "127.0.0.1", port = 0}: ServeOptions = {},
): Promise<StaticServer> {
  const server = createServer((request, response) => {
    handle(root, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, {"content-type": "text/plain; charset=utf-8"});
      response.end(`Internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {url: `http://${hostname}:${address.port}/`, close: () => closeServer(server)};
}

async function handle(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, {allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8"});
    response.end("Method not allowed: this server only reads files.\n");
    return;
  }
  const {pathname} = new URL(request.url ?? "/", "http://localhost");
  const candidates = toFileCandidates(root, pathname);
  if (!candidates) {
    response.writeHead(400, {"content-type": "text/plain; charset=utf-8"});
    response.end("Bad path.\n");
    return;
  }
  for (const file of candidates) {
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) return sendFile(request, response, file, info, 200, pathname);
  }
  const notFound = join(resolve(root), "404.html");
  const info = await stat(notFound).catch(() => null);
  if (info?.isFile()) return sendFile(request, response, notFound, info, 404, pathname);
  response.writeHead(404, {"content-type": "text/plain; charset=utf-8"});
  response.end(`Not found: ${pathname}\n`);
}

function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: string,
  info: {size: number; mtimeMs: number},
  status: number,
  pathname: string,
): void {
  const size = info.size;
  const caching: Record<string, string> =
    status === 200 ? toCachingHeaders(pathname, info) : {"cache-control": "no-cache"};
  if (caching.etag && isNotModified(request.headers["if-none-match"], caching.etag)) {
    response.writeHead(304, caching);
    response.end();
    return;
  }
  const headers: Record<string, string | number> = {
    "content-type": toContentType(file),
    "accept-ranges": "bytes",
    ...caching,
  };
  // DuckDB-WASM reads registered file URLs with Range requests.
  const range = status === 200 ? parseRange(request.headers.range, size) : null;
  if (range === "unsatisfiable") {
    response.writeHead(416, {...headers, "content-range": `bytes */${size}`});
    response.end();
    return;
  }
  const [start, end] = range ?? [0, size - 1];
  if (range) headers["content-range"] = `bytes ${start}-${end}/${size}`;
  headers["content-length"] = size === 0 ? 0 : end - start + 1;
  response.writeHead(range ? 206 : status, headers);
  if (request.method === "HEAD" || size === 0) {
    response.end();
    return;
  }
  createReadStream(file, {start, end})
    .on("error", (error) => response.destroy(error))
    .pipe(response);
}

/** Parses a single-range `Range: bytes=a-b` header; null when absent or not a single byte range. */
export function parseRange(
  header: string | undefined,
  size: number,
): [number, number] | "unsatisfiable" | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? "unsatisfiable" : [start, end];
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose, reject) => {
    server.close((error) => (error ? reject(error) : resolveClose()));
    server.closeAllConnections();
  });
}

async function main(): Promise<void> {
  const {values, positionals} = parseArgs({
    allowPositionals: true,
    options: {port: {type: "string", default: "3000"}, host: {type: "string", default: "127.0.0.1"}},
  });
  const root = positionals[0] ?? "dist";
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0 to 65535, not ${values.port}`);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`${root} is not a folder: build the site first (npm run build).`);
  const server = await serveStatic(root, {host: values.host, port});
  process.stderr.write(`serving ${resolve(root)} at ${server.url}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`serve: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
