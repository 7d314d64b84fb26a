import {Hono} from "hono";
import {z} from "zod";
import type {KernelDeps} from "../deps.js";
import {ConflictError} from "../feeds/feed-manager.js";
import {httpError, readJsonBody, validate} from "../http/errors.js";

export const replayRequest = z.strictObject({
  path: z
    .string()
    .min(1)
    .max(300)
    .describe("Archive path, e.g. 2025/2025-05-04_Miami_Grand_Prix/2025-05-03_Sprint/"),
  speed: z.number().min(1).max(100).default(1).describe("Playback speed, 1x to 100x"),
  startAtMs: z.number().int().min(0).optional().describe("Start this far into the stream, ms"),
});

const sessionIdField = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,127}$/);

export const signalrRequest = z.strictObject({
  baseUrl: z.url().describe("Live-timing SignalR base, e.g. https://livetiming.formula1.com"),
  sessionId: sessionIdField.describe("Id to serve the session under"),
});

export const openf1Request = z.strictObject({
  sessionKey: z.number().int().positive(),
  sessionId: sessionIdField,
  baseUrl: z.url().optional().describe("Defaults to https://api.openf1.org/v1"),
  pollMs: z.number().int().min(1_000).max(60_000).optional(),
});

export const seekRequest = z.union([
  z.strictObject({lap: z.number().int().min(1)}),
  z.strictObject({offsetMs: z.number().int().min(0)}),
]);

export const speedRequest = z.strictObject({speed: z.number().min(1).max(100)});

/** Feed control (token required): start replays and live feeds, pause, resume, seek, change speed, stop. */
export function feedRoutes(deps: KernelDeps) {
  const started = (sessionId: string) => ({
    session: sessionId,
    feed: deps.feeds.get(sessionId)?.status() ?? null,
  });
  const guard = async <T>(work: () => T | Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ConflictError) throw httpError(409, "conflict", error.message);
      if (error instanceof RangeError) throw httpError(400, "invalid-input", error.message);
      if (/Not a live-timing session path|No topics for/.test((error as Error).message)) {
        throw httpError(404, "unknown-archive-session", (error as Error).message);
      }
      throw error;
    }
  };

  return new Hono()
    .post("/feeds/replay", async (c) => {
      const body = validate(replayRequest, await readJsonBody(c.req.raw), "replay request");
      const sessionId = await guard(() => deps.feeds.startReplay({kind: "replay", ...body}));
      return c.json(started(sessionId), 201);
    })
    .post("/feeds/signalr", async (c) => {
      const body = validate(signalrRequest, await readJsonBody(c.req.raw), "signalr request");
      const sessionId = await guard(() => deps.feeds.startLive({kind: "signalr", ...body}));
      return c.json(started(sessionId), 201);
    })
    .post("/feeds/openf1", async (c) => {
      const body = validate(openf1Request, await readJsonBody(c.req.raw), "openf1 request");
      const sessionId = await guard(() => deps.feeds.startLive({kind: "openf1", ...body}));
      return c.json(started(sessionId), 201);
    })
    .post("/sessions/:id/replay/pause", async (c) => {
      await guard(() => deps.feeds.replay(c.req.param("id")).pause());
      return c.json(started(c.req.param("id")));
    })
    .post("/sessions/:id/replay/resume", async (c) => {
      await guard(() => deps.feeds.replay(c.req.param("id")).resume());
      return c.json(started(c.req.param("id")));
    })
    .post("/sessions/:id/replay/seek", async (c) => {
      const target = validate(seekRequest, await readJsonBody(c.req.raw), "seek request");
      const offsetMs = await guard(() => deps.feeds.seek(c.req.param("id"), target));
      return c.json({...started(c.req.param("id")), offsetMs});
    })
    .post("/sessions/:id/replay/speed", async (c) => {
      const {speed} = validate(speedRequest, await readJsonBody(c.req.raw), "speed request");
      await guard(() => deps.feeds.replay(c.req.param("id")).setSpeed(speed));
      return c.json(started(c.req.param("id")));
    })
    .delete("/sessions/:id/feed", async (c) => {
      const stopped = await deps.feeds.stop(c.req.param("id"));
      if (!stopped) throw httpError(404, "no-feed", `session "${c.req.param("id")}" has no running feed`);
      return c.json({session: c.req.param("id"), stopped: true});
    });
}
