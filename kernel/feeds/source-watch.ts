import type {SourceStatus} from "../../src/sport/kernel-messages.js";
import type {LiveHub} from "../live/hub.js";
import type {FeedStatus} from "./feed.js";
import type {FeedManager} from "./feed-manager.js";

/** A live feed that sends nothing for this long is called delayed (live timing sends something every second). */
export const DEFAULT_STALL_MS = 15_000;

/**
 * What a session's source is doing, from its feed's status and when its last event arrived. A replay's
 * silences are the archive's own, so only live feeds (SignalR, OpenF1) are judged by silence.
 */
export function judgeSource(
  feed: FeedStatus | null,
  lastArrival: number | null,
  now: number,
  stallMs = DEFAULT_STALL_MS,
): SourceStatus {
  const silentMs = lastArrival == null ? 0 : Math.max(0, now - lastArrival);
  if (!feed) return {state: "ended", detail: "no feed runs for this session", silentMs};
  switch (feed.state) {
    case "finished":
      return {state: "ended", detail: "the replay has finished", silentMs};
    case "stopped":
      return {state: "ended", detail: "the feed was stopped", silentMs};
    case "paused":
      return {state: "paused", detail: "the replay is paused", silentMs};
    case "starting":
    case "connecting":
    case "reconnecting":
    case "failed":
      return {state: "delayed", detail: `the ${feed.kind} source is ${feed.state}: ${feed.detail}`, silentMs};
    default:
      if (feed.kind !== "replay" && silentMs > stallMs)
        return {state: "delayed", detail: `no events from the ${feed.kind} source`, silentMs};
      return {state: "live", detail: "", silentMs};
  }
}

/** Tells each session's clients, every `everyMs`, what its source is doing (single-node kernels). */
export function watchSources(
  hub: LiveHub,
  feeds: FeedManager,
  options: {stallMs?: number; everyMs?: number; now?: () => number} = {},
): () => void {
  const now = options.now ?? Date.now;
  const timer = setInterval(() => {
    for (const channel of hub.list()) {
      const feed = feeds.get(channel.sessionId)?.status() ?? null;
      channel.setSource(judgeSource(feed, channel.lastArrival(), now(), options.stallMs));
    }
  }, options.everyMs ?? 1_000);
  (timer as {unref?: () => void}).unref?.();
  return () => clearInterval(timer);
}
