import {Hono} from "hono";
import type {KernelDeps} from "../deps.js";

/** GET /v1/health: is the kernel up, and what does it serve. */
export function healthRoutes(deps: KernelDeps) {
  const startedAt = deps.clock.now();
  return new Hono().get("/", (c) =>
    c.json({
      status: "ok",
      uptimeS: Math.round((deps.clock.now() - startedAt) / 1000),
      sessions: deps.hub.list().length,
      clients: deps.hub.list().reduce((sum, channel) => sum + channel.subscribers.size, 0),
      sql: deps.sql != null,
      problems: [...deps.feeds.problems, ...deps.problems],
      ...(deps.cluster ? {cluster: deps.cluster.health()} : {}),
    }),
  );
}
