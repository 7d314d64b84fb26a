import {readFile} from "node:fs/promises";
import {Mirror} from "./mirror.js";
import {HttpError, type Http, type HttpSettings, type RequestOptions} from "./types.js";

/** Creates the HTTP layer: answers from the mirror folder when one is set, else from the internet. */
export async function createHttp(settings: Pick<HttpSettings, "mirror">): Promise<Http> {
  const mirror = settings.mirror ? await Mirror.open(settings.mirror) : null;
  const getText = mirror ? (url: string) => readMirrored(mirror, url) : fetchText;
  return {
    getText: (url, options) => getText(url, options),
    async getJson<T>(url: string, options?: RequestOptions): Promise<T> {
      return parseJson<T>(url, await getText(url, options));
    },
    async listMirrored(prefix) {
      return mirror ? mirror.list(prefix) : [];
    },
  };
}

async function readMirrored(mirror: Mirror, url: string): Promise<string> {
  const path = mirror.pathFor(url);
  if (path == null) {
    throw new HttpError(
      url,
      404,
      `${url} is not in the mirror at ${mirror.root} (urls.tsv has no entry for it).`,
    );
  }
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new HttpError(
      url,
      404,
      `${url} maps to ${path}, which cannot be read: ${(error as Error).message}`,
    );
  }
}

async function fetchText(url: string, options?: RequestOptions): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, options?.signal ? {signal: options.signal} : {});
  } catch (error) {
    throw new HttpError(
      url,
      null,
      `Cannot reach ${url}: ${(error as Error).message}. Check the connection, or set PITWALL_MIRROR to a local mirror folder.`,
    );
  }
  if (!response.ok) throw new HttpError(url, response.status, `${url} answered HTTP ${response.status}.`);
  return response.text();
}

/** Parses JSON text (tolerating a byte-order mark), naming the URL when it is malformed or truncated. */
export function parseJson<T>(url: string, text: string): T {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as T;
  } catch (error) {
    throw new HttpError(
      url,
      null,
      `${url} returned malformed JSON (${(error as Error).message}); it may be truncated.`,
    );
  }
}
