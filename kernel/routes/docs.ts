import {Hono} from "hono";
import {html, raw} from "hono/html";
import {z} from "zod";
import {openf1Request, replayRequest, seekRequest, signalrRequest, speedRequest} from "./feeds.js";
import {sqlRequest} from "./sql.js";

interface Operation {
  method: "get" | "post" | "delete";
  path: string;
  summary: string;
  auth?: boolean;
  body?: z.ZodType;
  query?: Record<string, string>;
  responses?: Record<string, string>;
  produces?: string;
}

const OPERATIONS: Operation[] = [
  {method: "get", path: "/v1/health", summary: "Is the kernel up; sessions, clients, startup problems"},
  {method: "get", path: "/v1/metrics", summary: "Prometheus metrics (text format)", produces: "text/plain"},
  {
    method: "get",
    path: "/v1/predictions/models",
    summary: "The models' features.json contracts (inputs, metrics)",
  },
  {
    method: "get",
    path: "/v1/predictions/{id}/pre-race",
    summary: "Pre-race win and podium probabilities of a race's starters, with the features behind each",
  },
  {
    method: "get",
    path: "/v1/predictions/{id}/in-race",
    summary:
      "In-race win probabilities of a live race after its latest lap (also pushed as the predictions topic)",
  },
  {
    method: "get",
    path: "/v1/commentary",
    summary:
      "Live commentary: Claude or templates (and why), model, budget, counters (grounding checks, retries, cache)",
  },
  {
    method: "get",
    path: "/v1/sessions",
    summary: "Live sessions (with their feeds) and archived sessions that can be replayed",
  },
  {
    method: "get",
    path: "/v1/sessions/{id}/snapshot",
    summary: "Current live state of a session",
    query: {
      topics:
        "Comma-separated topics (session, clock, lapCount, trackStatus, weather, drivers, raceControl, positions, predictions, commentary)",
    },
  },
  {
    method: "get",
    path: "/v1/sessions/{id}/laps",
    summary: "Laps completed so far (canonical laps table)",
    query: {driver: "Car number"},
  },
  {
    method: "post",
    path: "/v1/feeds/replay",
    summary: "Replay an archived session (1x-100x)",
    auth: true,
    body: replayRequest,
  },
  {
    method: "post",
    path: "/v1/feeds/signalr",
    summary: "Follow F1 live timing over SignalR",
    auth: true,
    body: signalrRequest,
  },
  {
    method: "post",
    path: "/v1/feeds/openf1",
    summary: "Poll OpenF1 for a live session",
    auth: true,
    body: openf1Request,
  },
  {method: "post", path: "/v1/sessions/{id}/replay/pause", summary: "Pause a replay", auth: true},
  {method: "post", path: "/v1/sessions/{id}/replay/resume", summary: "Resume a replay", auth: true},
  {
    method: "post",
    path: "/v1/sessions/{id}/replay/seek",
    summary: "Seek a replay to a lap or an offset",
    auth: true,
    body: seekRequest,
  },
  {
    method: "post",
    path: "/v1/sessions/{id}/replay/speed",
    summary: "Change replay speed",
    auth: true,
    body: speedRequest,
  },
  {
    method: "delete",
    path: "/v1/sessions/{id}/feed",
    summary: "Stop a session's feed (its capture stays)",
    auth: true,
  },
  {method: "get", path: "/v1/sql", summary: "Views the SQL endpoint can query"},
  {
    method: "post",
    path: "/v1/sql",
    summary: "Run one read-only SELECT over the Parquet store",
    auth: true,
    body: sqlRequest,
  },
  {
    method: "get",
    path: "/v1/live",
    summary: "WebSocket: subscribe, then a snapshot and sequenced deltas (see the docs page)",
  },
];

/** The OpenAPI 3.1 document of the kernel's HTTP API, built from the same schemas that validate requests. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const parameters = [
      ...[...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
        name: match[1],
        in: "path",
        required: true,
        schema: {type: "string"},
      })),
      ...Object.entries(operation.query ?? {}).map(([name, description]) => ({
        name,
        in: "query",
        required: false,
        description,
        schema: {type: "string"},
      })),
    ];
    (paths[operation.path] ??= {})[operation.method] = {
      summary: operation.summary,
      ...(parameters.length > 0 ? {parameters} : {}),
      ...(operation.auth ? {security: [{bearer: []}]} : {}),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: {"application/json": {schema: z.toJSONSchema(operation.body, {io: "input"})}},
            },
          }
        : {}),
      responses: {
        "200": {description: "OK", content: {[operation.produces ?? "application/json"]: {}}},
        ...(operation.body
          ? {"400": {description: "Invalid input: {error, message} names each bad field"}}
          : {}),
        ...(operation.auth
          ? {"401": {description: "No bearer token"}, "403": {description: "Wrong token, or none configured"}}
          : {}),
        "429": {description: "Rate limited; see Retry-After"},
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "PitWall kernel",
      version: "1",
      description:
        "Live timing for notebooks: sessions, snapshots, sequenced WebSocket deltas, replay control, SQL.",
    },
    components: {securitySchemes: {bearer: {type: "http", scheme: "bearer"}}},
    paths,
  };
}

const PROTOCOL_NOTES = `
<h2>WebSocket protocol: <code>/v1/live</code></h2>
<p>Text frames, one JSON object each. The kernel greets with <code>{"t":"hello","protocol":1,"heartbeatMs":…}</code>.</p>
<ul>
<li><code>{"op":"subscribe","session":"…","topics":["drivers","clock"],"lastSeq":1234,"delayMs":30000}</code>:
all fields but <code>session</code> are optional. The kernel answers <code>subscribed</code>, then either a
<code>snapshot</code> (state at <code>seq</code>) or, when <code>lastSeq</code> is still in its window, every later delta once, in order.</li>
<li><code>{"t":"delta","from":a,"to":b,"at":…,"ts":…,"d":[[seq,patch],…]}</code> covers log positions a..b; apply each patch
in order (objects merge, arrays update by index key, <code>_deleted</code> removes keys; see <code>src/sport/live-patch.ts</code>).
Keep <code>to</code> as your <code>lastSeq</code>. A client that falls behind gets a fresh snapshot instead of a backlog.</li>
<li><code>{"op":"delay","delayMs":n}</code> delays everything this client sees by <em>n</em> ms, every topic alike (to match the TV picture).</li>
<li><code>{"op":"ping"}</code> → <code>pong</code>; the kernel sends <code>{"t":"hb"}</code> to idle clients every <code>heartbeatMs</code>.</li>
<li><code>{"op":"commentary","style":"casual|technical|data","length":"short|medium|long"}</code> (after subscribing):
the kernel writes the session's commentary in this style and length too, as lines of the <code>commentary</code> topic that
grow token by token (<code>tokens</code>); each says whether Claude wrote it or a template (<code>source</code>, <code>reason</code>).
Answered with <code>{"t":"commentary",…}</code>.</li>
</ul>
<p>Close codes: 1003 binary frame, 1008 origin not allowed, 1009 message too big, 4400 malformed JSON, 4404 unknown session,
4422 unknown op or invalid fields, 4429 too many messages.</p>`;

/** GET /v1/openapi.json and GET /v1/docs (a self-contained page: no CDN). */
export function docsRoutes() {
  const document = buildOpenApi();
  return new Hono()
    .get("/openapi.json", (c) => c.json(document))
    .get("/docs", (c) => {
      const rows = OPERATIONS.map(
        (operation) =>
          html`<tr>
            <td><code>${operation.method.toUpperCase()}</code></td>
            <td><code>${operation.path}</code></td>
            <td>${operation.summary}</td>
            <td>${operation.auth ? "token" : ""}</td>
          </tr>`,
      );
      return c.html(
        html`<!doctype html>
          <html lang="en">
            <head>
              <meta charset="utf-8" />
              <title>PitWall kernel API</title>
              <style>
                body {
                  font:
                    15px/1.5 system-ui,
                    sans-serif;
                  max-width: 60rem;
                  margin: 2rem auto;
                  padding: 0 1rem;
                }
                td {
                  padding: 0.2rem 0.6rem;
                  vertical-align: top;
                }
                code {
                  font-size: 90%;
                }
              </style>
            </head>
            <body>
              <h1>PitWall kernel API</h1>
              <p>
                Machine-readable: <a href="openapi.json">openapi.json</a>. Endpoints marked
                <em>token</em> need <code>Authorization: Bearer &lt;PITWALL_KERNEL_TOKEN&gt;</code>.
              </p>
              <table>
                <thead>
                  <tr>
                    <th>method</th>
                    <th>path</th>
                    <th>what</th>
                    <th>auth</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows}
                </tbody>
              </table>
              ${raw(PROTOCOL_NOTES)}
            </body>
          </html>`,
      );
    });
}
