import type {Redis} from "ioredis";
import type {FeedSink} from "../feeds/feed.js";
import type {FeedEvent} from "../timing/feed-event.js";
import {defineScript, sessionKeys} from "./redis-keys.js";

// Appends a batch of events as seq first, first+1, ... under the lease. A batch whose start is already in the
// log is a resend after a dropped connection (the client resends what had no answer): the entries written by
// this same holder are acknowledged again, never written twice.
const APPEND = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return redis.error_reply('FENCED the lease is no longer held by ' .. ARGV[1])
end
local first = tonumber(ARGV[2])
local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local last = 0
if #top > 0 then last = tonumber(string.match(top[1][1], '^(%d+)')) end
if first <= last then
  local entry = redis.call('XRANGE', KEYS[1], first .. '-0', first .. '-0')
  local ours = false
  if #entry > 0 then
    local fields = entry[1][2]
    for i = 1, #fields - 1, 2 do
      if fields[i] == 'f' and fields[i + 1] == ARGV[1] then ours = true end
    end
  end
  if not ours then return redis.error_reply('CONFLICT seq ' .. first .. ' is already in the log') end
elseif first ~= last + 1 then
  return redis.error_reply('GAP seq ' .. first .. ' would follow ' .. last)
end
local count = (#ARGV - 2) / 2
for i = 0, count - 1 do
  local seq = first + i
  if seq > last then
    redis.call('XADD', KEYS[1], seq .. '-0', 'e', ARGV[3 + 2 * i], 'r', ARGV[4 + 2 * i], 'f', ARGV[1])
  end
end
return first + count - 1`;

/** Events sent in one script call at most (a replay seeking forward delivers thousands at once). */
const MAX_BATCH = 500;

/**
 * Appends an ingesting node's events to the session's stream under its lease, numbered from `afterSeq + 1`,
 * in order: events of one tick go in one script call. The first refusal (the lease was lost, or the log
 * moved on without this node) stops the writer and calls `onLost`; everything after it is dropped, because
 * the node that holds the lease now resumes the feed from the log.
 */
export class IngestWriter {
  private next: number;
  private pending: string[] = [];
  private scheduled = false;
  private lost = false;
  private readonly keys;
  private readonly append;
  /** Events appended and acknowledged by Redis. */
  appended = 0;

  constructor(
    redis: Redis,
    readonly sessionId: string,
    readonly holder: string,
    afterSeq: number,
    private readonly onLost: (reason: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.next = afterSeq + 1;
    this.keys = sessionKeys(sessionId);
    this.append = defineScript(redis, "pitwallAppend", 2, APPEND);
  }

  /** The feed's sink. */
  readonly sink: FeedSink = (event: FeedEvent) => {
    if (this.lost) return;
    this.pending.push(JSON.stringify(event), String(this.now()));
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  };

  /** Stops appending (the lease is gone). */
  stop(): void {
    this.lost = true;
    this.pending = [];
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0 && !this.lost) {
      const batch = this.pending.splice(0, MAX_BATCH * 2);
      const first = this.next;
      this.next += batch.length / 2;
      this.append(this.keys.log, this.keys.lease, this.holder, first, ...batch).then(
        () => {
          this.appended += batch.length / 2;
        },
        (error: unknown) => {
          if (this.lost) return;
          this.stop();
          this.onLost(`appending seq ${first} to ${this.sessionId}: ${(error as Error).message}`);
        },
      );
    }
  }
}
