// The one door to the network: mirror mode, the on-disk cache, rate limits, timeouts and retries.
export {createHttp, createHttpFromSettings, parseJson, type HttpOptions} from "./client.js";
export {
  HttpError,
  type Http,
  type HttpErrorDetails,
  type HttpErrorKind,
  type HttpSettings,
  type RequestOptions,
} from "./types.js";
export {Mirror, canonicalUrl} from "./mirror.js";
export {ResponseCache} from "./cache.js";
export {systemClock, createVirtualClock, type Clock, type VirtualClock} from "./clock.js";
export {RateLimiter, knownRateLimits, type RateWindow} from "./rate-limit.js";
export {
  defaultRetryPolicy,
  backoffDelayMs,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from "./retry.js";
