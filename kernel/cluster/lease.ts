import type {Redis} from "ioredis";
import {defineScript, sessionKeys} from "./redis-keys.js";

// Acquire: free → take it with the next fencing token. The holder string carries the token, so a node that
// lost the lease and took it again is a different holder from its former self.
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local fence = redis.call('INCR', KEYS[2])
local holder = ARGV[1] .. '#' .. fence
redis.call('SET', KEYS[1], holder, 'PX', ARGV[2])
return holder`;

// Renew only while still the holder (check-and-set); the log and feed state live as long as someone ingests.
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`;

/** The node id and fencing token in a holder string `<node>#<fence>`. */
export function parseHolder(holder: string): {nodeId: string; fence: number} {
  const at = holder.lastIndexOf("#");
  return {nodeId: holder.slice(0, at), fence: Number(holder.slice(at + 1))};
}

/**
 * The right to ingest one session: a Redis key with a time-to-live, held by one node at a time and renewed
 * while it lives. Each acquisition gets a new fencing token; the log's append script refuses any holder but
 * the current one, so a node that stalled past its lease cannot write after another has taken over.
 */
export class SessionLease {
  private readonly keys;
  private readonly scripts;

  constructor(
    private readonly redis: Redis,
    readonly sessionId: string,
    private readonly options: {ttlMs: number; retainMs: number},
  ) {
    this.keys = sessionKeys(sessionId);
    this.scripts = {
      acquire: defineScript(redis, "pitwallLeaseAcquire", 2, ACQUIRE),
      renew: defineScript(redis, "pitwallLeaseRenew", 3, RENEW),
      release: defineScript(redis, "pitwallLeaseRelease", 1, RELEASE),
    };
  }

  /** Takes the lease if nobody holds it; the holder string, or null when another node has it. */
  async acquire(nodeId: string): Promise<string | null> {
    const holder = await this.scripts.acquire(this.keys.lease, this.keys.fence, nodeId, this.options.ttlMs);
    return typeof holder === "string" ? holder : null;
  }

  /** Extends the lease; false when it was lost (expired, or taken by another node). */
  async renew(holder: string): Promise<boolean> {
    const renewed = await this.scripts.renew(
      this.keys.lease,
      this.keys.log,
      this.keys.feed,
      holder,
      this.options.ttlMs,
      this.options.retainMs,
    );
    return renewed === 1;
  }

  /** Gives the lease up at once (a node shutting down), so another node need not wait for it to expire. */
  async release(holder: string): Promise<boolean> {
    return (await this.scripts.release(this.keys.lease, holder)) === 1;
  }

  /** Who holds the lease now, or null. */
  async holder(): Promise<string | null> {
    return this.redis.get(this.keys.lease);
  }
}
