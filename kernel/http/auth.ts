import {timingSafeEqual} from "node:crypto";
import {Buffer} from "node:buffer";
import type {MiddlewareHandler} from "hono";

/**
 * Requires `Authorization: Bearer <token>` with one of the kernel's tokens. With no tokens configured the
 * endpoint is closed (403) rather than open: control and SQL are never available by accident.
 */
export function requireToken(tokens: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (tokens.length === 0) {
      return c.json(
        {
          error: "disabled",
          message: "no kernel token is configured: start the kernel with PITWALL_KERNEL_TOKEN set",
        },
        403,
      );
    }
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      return c.json(
        {
          error: "unauthorized",
          message: "send Authorization: Bearer <token> (the kernel's PITWALL_KERNEL_TOKEN)",
        },
        401,
        {"www-authenticate": 'Bearer realm="pitwall-kernel"'},
      );
    }
    if (!tokens.some((token) => sameSecret(token, match[1]!))) {
      return c.json({error: "forbidden", message: "that token is not valid for this kernel"}, 403);
    }
    await next();
  };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
