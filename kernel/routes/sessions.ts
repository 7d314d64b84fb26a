import {Hono} from "hono";
import {z} from "zod";
import {LIVE_TOPICS, type LiveTopic} from "../../src/sport/kernel-messages.js";
import {listSessions, type ArchivedSession} from "../../sources/livetiming/index.js";
import {readCaptureTables} from "../capture/capture-reader.js";
import type {KernelDeps} from "../deps.js";
import {httpError, validate} from "../http/errors.js";
import type {SessionChannel} from "../live/session-channel.js";
import {normalizeTopics} from "../live/session-channel.js";

const topicsQuery = z
  .string()
  .optional()
  .transform((value) => (value ? value.split(",") : undefined))
  .pipe(z.array(z.enum(LIVE_TOPICS as [LiveTopic, ...LiveTopic[]])).optional());

const lapsQuery = z.object({driver: z.coerce.number().int().min(1).max(99).optional()});

/** Sessions: the live ones the kernel serves and the archived ones it can replay; snapshots and laps so far. */
export function sessionRoutes(deps: KernelDeps) {
  let archived: Promise<ArchivedSession[]> | null = null;
  const lapsCache = new Map<string, {seq: number; laps: Promise<unknown[]>}>();
  const channelOf = (id: string): SessionChannel => {
    const channel = deps.hub.get(id);
    if (!channel)
      throw httpError(404, "unknown-session", `no live session "${id}": GET /v1/sessions lists them`);
    return channel;
  };

  return new Hono()
    .get("/", async (c) => {
      archived ??= listSessions(deps.archive).catch((error: unknown) => {
        archived = null;
        throw error;
      });
      const statuses = deps.feeds.statuses();
      return c.json({
        live: deps.hub.list().map((channel) => ({
          sessionId: channel.sessionId,
          seq: channel.seq,
          subscribers: channel.subscribers.size,
          name: channel.model.state.session.name,
          status: channel.model.state.session.status,
          feed: statuses[channel.sessionId] ?? null,
        })),
        archived: (await archived).map((session) => ({
          sessionId: session.session_id,
          path: session.path,
          name: session.session_name,
          type: session.session_type,
          meeting: session.meeting_name,
          startDate: session.start_date,
          topics: session.topics.map((file) => file.replace(/\.jsonStream$/, "")),
        })),
      });
    })
    .get("/:id/snapshot", (c) => {
      const channel = channelOf(c.req.param("id"));
      const topics = normalizeTopics(validate(topicsQuery, c.req.query("topics"), "topics"));
      const state = channel.model.state;
      return c.json({
        session: channel.sessionId,
        seq: channel.seq,
        ts: channel.model.lastUtc,
        topics,
        state: Object.fromEntries(topics.map((topic) => [topic, state[topic]])),
      });
    })
    .get("/:id/laps", async (c) => {
      const channel = channelOf(c.req.param("id"));
      const {driver} = validate(lapsQuery, c.req.query(), "query");
      let cached = lapsCache.get(channel.sessionId);
      if (!cached || cached.seq !== channel.seq) {
        const laps = readCaptureTables(channel.sessionId, channel.log.readAll()).then(
          (read) => read.tables.laps,
        );
        cached = {seq: channel.seq, laps};
        lapsCache.set(channel.sessionId, cached);
      }
      const laps = (await cached.laps) as {driver_number: number}[];
      return c.json({
        session: channel.sessionId,
        seq: cached.seq,
        laps: driver == null ? laps : laps.filter((lap) => lap.driver_number === driver),
      });
    });
}
