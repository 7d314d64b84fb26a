import type {
  BrowserContext,
  ConsoleMessage,
  Page,
  Request,
  Response,
  WebSocket,
  Worker,
} from "playwright-core";

/** A console message worth failing a test for. */
export interface ConsoleEntry {
  type: "error" | "warning";
  text: string;
  /** Script URL and line, when the browser knows them. */
  location: string;
}

/** Everything a page did that a test may want to assert on. */
export interface Activity {
  /** console.error and console.warn calls, from the page and its workers. */
  console: ConsoleEntry[];
  /** Uncaught exceptions and unhandled rejections. */
  pageErrors: string[];
  /** Every URL requested (pages, workers, WebSockets), in order. */
  requests: string[];
  /** Requests that got no answer, or an HTTP status of 400 or more. */
  failedRequests: string[];
  /** Requests to anything but a loopback address. */
  nonLocalRequests: string[];
}

/** True for URLs that stay on this machine: loopback hosts, and data:/blob:/about: URLs. */
export function isLocalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (["data:", "blob:", "about:"].includes(parsed.protocol)) return true;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** An activity record that keeps filling until `stop()`. */
export interface Recording {
  activity: Activity;
  stop(): void;
}

/**
 * Records console errors and warnings, page errors and network requests of a browser context until
 * `stop()`. Requests are recorded for the whole context so that those of DuckDB's web worker count too.
 */
export function recordActivity(context: BrowserContext): Recording {
  const activity: Activity = {
    console: [],
    pageErrors: [],
    requests: [],
    failedRequests: [],
    nonLocalRequests: [],
  };
  let recording = true;
  const onRequestUrl = (url: string) => {
    if (!recording) return;
    activity.requests.push(url);
    if (!isLocalUrl(url)) activity.nonLocalRequests.push(url);
  };
  const onConsole = (message: ConsoleMessage) => {
    const type = message.type();
    if (!recording || (type !== "error" && type !== "warning")) return;
    const {url, lineNumber} = message.location();
    activity.console.push({type, text: message.text(), location: url ? `${url}:${lineNumber}` : ""});
  };
  const onPageError = (error: Error) => recording && activity.pageErrors.push(error.stack ?? error.message);
  const onWebSocket = (socket: WebSocket) => onRequestUrl(socket.url());
  const onWorker = (worker: Worker) => worker.on("console", onConsole);
  const watchPage = (page: Page) => {
    page.on("console", onConsole);
    page.on("pageerror", onPageError);
    page.on("websocket", onWebSocket);
    page.on("worker", onWorker);
  };
  const onRequest = (request: Request) => onRequestUrl(request.url());
  const onRequestFailed = (request: Request) => {
    if (recording)
      activity.failedRequests.push(`${request.url()} (${request.failure()?.errorText ?? "failed"})`);
  };
  const onResponse = (response: Response) => {
    if (recording && response.status() >= 400) {
      activity.failedRequests.push(`${response.url()} (HTTP ${response.status()})`);
    }
  };
  context.pages().forEach(watchPage);
  context.on("page", watchPage);
  context.on("request", onRequest);
  context.on("requestfailed", onRequestFailed);
  context.on("response", onResponse);
  return {
    activity,
    stop() {
      recording = false;
      context.off("page", watchPage);
      context.off("request", onRequest);
      context.off("requestfailed", onRequestFailed);
      context.off("response", onResponse);
    },
  };
}
