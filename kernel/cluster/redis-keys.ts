import type {Redis} from "ioredis";

/**
 * Where a session lives in Redis. Every key of one session shares the hash tag `{id}`, so the scripts that
 * touch several of them (append checks the lease) run on one shard of a Redis Cluster too.
 */
export function sessionKeys(sessionId: string) {
  const prefix = `pitwall:{${sessionId}}`;
  return {
    /** Stream: the session's log; entry id `<seq>-0`, fields e (event JSON), r (receivedAt), f (fence). */
    log: `${prefix}:log`,
    /** String `<node>#<fence>` with a TTL: who may append. */
    lease: `${prefix}:lease`,
    /** Counter: the fencing token, one more at every acquisition. */
    fence: `${prefix}:fence`,
    /** JSON: the saved feed ({config, running}), so any node can resume it. */
    feed: `${prefix}:feed`,
    /** JSON: the source status the ingesting node reports, with a short TTL. */
    source: `${prefix}:source`,
  };
}

/** Set of every session id with a log. */
export const SESSIONS_KEY = "pitwall:sessions";
/** Hash: node id → JSON {url, at}, so a node can say where a session's ingester is. */
export const NODES_KEY = "pitwall:nodes";

/**
 * A Lua script as a command of this connection: sent by its SHA (EVALSHA), and sent again whole when Redis
 * no longer knows it (after a restart), which the client does by itself.
 */
export function defineScript(
  redis: Redis,
  name: string,
  numberOfKeys: number,
  lua: string,
): (...keysAndArgs: (string | number)[]) => Promise<unknown> {
  redis.defineCommand(name, {numberOfKeys, lua});
  const commands = redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>;
  return (...keysAndArgs) => commands[name]!(...keysAndArgs);
}
