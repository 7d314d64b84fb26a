import type {MiddlewareHandler} from "hono";

/** A fixed budget of requests per client address per window. */
export interface RateLimitOptions {
  requests: number;
  windowMs: number;
  /** The client's address (from the runtime's connection info). */
  clientAddress: (request: Request, env: unknown) => string;
  now?: () => number;
}

/**
 * Per-client rate limit: past `requests` in a window a client gets 429 with Retry-After, and other
 * clients are not affected. Windows are counted per address; old entries are swept as they expire.
 */
export function rateLimit(name: string, options: RateLimitOptions): MiddlewareHandler {
  const now = options.now ?? Date.now;
  const windows = new Map<string, {start: number; count: number}>();
  let sweptAt = now();
  return async (c, next) => {
    const at = now();
    if (at - sweptAt > options.windowMs) {
      for (const [key, window] of windows) if (at - window.start >= options.windowMs) windows.delete(key);
      sweptAt = at;
    }
    const address = options.clientAddress(c.req.raw, c.env);
    let window = windows.get(address);
    if (!window || at - window.start >= options.windowMs) {
      window = {start: at, count: 0};
      windows.set(address, window);
    }
    window.count++;
    if (window.count > options.requests) {
      const retryAfterS = Math.max(1, Math.ceil((window.start + options.windowMs - at) / 1000));
      return c.json(
        {
          error: "rate-limited",
          message: `more than ${options.requests} ${name} requests in ${options.windowMs / 1000} s; retry after ${retryAfterS} s`,
        },
        429,
        {"retry-after": String(retryAfterS)},
      );
    }
    await next();
  };
}
