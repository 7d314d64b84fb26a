import {createHttp, systemClock} from "../../sources/http/index.js";
import {createOpenF1Client} from "../../sources/openf1/index.js";
import type {SessionChannel} from "../live/session-channel.js";
import type {Feed} from "./feed.js";
import type {FeedConfig, LiveFeedFactory} from "./feed-manager.js";
import {OpenF1Feed} from "./openf1-feed.js";
import {SignalRFeed} from "./signalr-feed.js";

/** Builds SignalR and OpenF1 feeds; a resumed feed keeps the offsets of the capture it continues. */
export function createLiveFeedFactory(options: {cacheDir: string | null}): LiveFeedFactory {
  return async (config: Exclude<FeedConfig, {kind: "replay"}>, channel: SessionChannel): Promise<Feed> => {
    const first = channel.log.readAll().find((event) => event.utc != null);
    const streamStartMs = first ? first.utc! - first.offsetMs : null;
    if (config.kind === "signalr") {
      return new SignalRFeed({baseUrl: config.baseUrl, sessionId: config.sessionId, streamStartMs});
    }
    const http = await createHttp({mirror: null, cacheDir: options.cacheDir});
    return new OpenF1Feed({
      client: createOpenF1Client(http, {baseUrl: config.baseUrl}),
      sessionKey: config.sessionKey,
      sessionId: config.sessionId,
      pollMs: config.pollMs,
      clock: systemClock,
      log: (line) => process.stderr.write(`${line}\n`),
    });
  };
}
