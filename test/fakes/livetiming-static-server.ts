import {readdir, readFile, stat} from "node:fs/promises";
import {join, normalize, sep} from "node:path";
import {sendText, startScriptedServer, type ScriptedServer} from "./scripted-server.js";

/**
 * A local https://livetiming.formula1.com/static/ serving an archive folder (like ../shared/data/livetiming)
 * the way the real server does: files at the same paths under /static/, `<year>/Index.json` where the folder
 * has it, a session's own `Index.json` listing its feeds ({"Feeds": {"TimingData": {"KeyFramePath":
 * "TimingData.json", "StreamPath": "TimingData.jsonStream"}}}), and 403 AccessDenied (S3's answer) for
 * anything it does not hold. `missing` lists session-relative files to leave out of the folder's content
 * while still naming them in the session's Index.json (a feed the server lists but cannot serve); `failing`
 * lists files answered with 500.
 */
export async function startLiveTimingServer(
  root: string,
  options: {missing?: string[]; failing?: string[]} = {},
): Promise<ScriptedServer & {baseUrl: string}> {
  const server = await startScriptedServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    if (options.failing?.some((file) => path === `/static/${file}`)) {
      sendText(response, 500, "<Error><Code>InternalError</Code></Error>", {
        "content-type": "application/xml",
      });
      return;
    }
    void answer(root, path, options.missing ?? []).then(
      (body) => {
        if (body == null) sendText(response, 403, ACCESS_DENIED, {"content-type": "application/xml"});
        else sendText(response, 200, body, {"content-type": "application/octet-stream"});
      },
      () => sendText(response, 500, "internal error"),
    );
  });
  return {...server, baseUrl: `${server.url}/static/`};
}

const ACCESS_DENIED =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';

async function answer(root: string, path: string, missing: string[]): Promise<string | null> {
  if (!path.startsWith("/static/")) return null;
  const relative = path.slice("/static/".length);
  const file = normalize(join(root, relative));
  if (!file.startsWith(normalize(root) + sep)) return null;
  if (missing.includes(relative)) return null;
  const parts = relative.split("/").filter(Boolean);
  if (parts.length === 4 && parts[3] === "Index.json") return sessionIndex(join(root, ...parts.slice(0, 3)));
  try {
    if (!(await stat(file)).isFile()) return null;
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}

async function sessionIndex(folder: string): Promise<string | null> {
  let files: string[];
  try {
    files = await readdir(folder);
  } catch {
    return null;
  }
  const feeds: Record<string, {KeyFramePath: string; StreamPath: string}> = {};
  for (const file of files.filter((name) => name.endsWith(".jsonStream"))) {
    const topic = file.replace(/\.jsonStream$/, "");
    feeds[topic] = {KeyFramePath: `${topic}.json`, StreamPath: file};
  }
  return Object.keys(feeds).length > 0 ? JSON.stringify({Feeds: feeds}) : null;
}
