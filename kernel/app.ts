import {Hono} from "hono";
import {bodyLimit} from "hono/body-limit";
import {cors} from "hono/cors";
import {HTTPException} from "hono/http-exception";
import type {KernelDeps} from "./deps.js";
import {requireToken} from "./http/auth.js";
import {rateLimit} from "./http/rate-limit.js";
import {commentaryRoutes} from "./routes/commentary.js";
import {docsRoutes} from "./routes/docs.js";
import {feedRoutes} from "./routes/feeds.js";
import {healthRoutes} from "./routes/health.js";
import {metricsRoutes} from "./routes/metrics.js";
import {predictionRoutes} from "./routes/predictions.js";
import {sessionRoutes} from "./routes/sessions.js";
import {sqlRoutes} from "./routes/sql.js";
import {staticSiteRoutes} from "./routes/static-site.js";

/** Builds the kernel's HTTP app from its dependencies; no port is opened (runtime adapters do that). */
export function createApp(deps: KernelDeps) {
  const app = new Hono();
  const minute = 60_000;
  const token = requireToken(deps.tokens);

  app.use("*", async (c, next) => {
    await next();
    deps.metrics.requests.set(c.res.status, (deps.metrics.requests.get(c.res.status) ?? 0) + 1);
  });
  app.use(
    "/v1/*",
    cors({
      origin: (origin) => (deps.allowedOrigins.includes(origin) ? origin : null),
      allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
      allowHeaders: ["authorization", "content-type"],
      maxAge: 600,
    }),
  );
  app.use(
    "/v1/*",
    rateLimit("API", {
      requests: deps.rateLimits.requestsPerMinute,
      windowMs: minute,
      clientAddress: deps.clientAddress,
      now: deps.clock.now,
    }),
  );
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => c.json({error: "too-large", message: "request bodies are limited to 64 KiB"}, 413),
    }),
  );
  app.post(
    "/v1/sql",
    token,
    rateLimit("SQL", {
      requests: deps.rateLimits.sqlPerMinute,
      windowMs: minute,
      clientAddress: deps.clientAddress,
      now: deps.clock.now,
    }),
  );
  app.use("/v1/feeds/*", token);
  app.on(["POST", "DELETE"], ["/v1/sessions/:id/replay/*", "/v1/sessions/:id/feed"], token);

  app.route("/v1/health", healthRoutes(deps));
  app.route("/v1/metrics", metricsRoutes(deps));
  app.route("/v1/sessions", sessionRoutes(deps));
  app.route("/v1", feedRoutes(deps));
  app.route("/v1/sql", sqlRoutes(deps));
  app.route("/v1/predictions", predictionRoutes(deps));
  app.route("/v1/commentary", commentaryRoutes(deps));
  app.route("/v1", docsRoutes());
  app.get("/v1/live", (c) =>
    c.json({error: "upgrade-required", message: "open /v1/live as a WebSocket (see /v1/docs)"}, 426),
  );
  app.all("/v1/*", (c) =>
    c.json({error: "not-found", message: `no endpoint ${c.req.method} ${c.req.path}: see /v1/docs`}, 404),
  );
  if (deps.staticDir) app.route("/", staticSiteRoutes(deps.staticDir));

  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    console.error(`kernel: ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return c.json({error: "internal", message: `the kernel failed: ${error.message}`}, 500);
  });
  return app;
}

export type KernelApp = ReturnType<typeof createApp>;
