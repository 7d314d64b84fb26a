import {timingSafeEqual} from "node:crypto";
import {Buffer} from "node:buffer";
import type {MiddlewareHandler} from "hono";
import {sign, verify} from "hono/jwt";

/** A token list entry `hs256:<secret>` accepts signed tokens (HS256 JWTs) that carry an expiry (`exp`). */
const SIGNED_PREFIX = "hs256:";

/**
 * Requires `Authorization: Bearer <token>` with one of the kernel's tokens, or a signed token (HS256, with an
 * expiry) made with one of its `hs256:<secret>` entries: nodes sharing the secret accept each other's
 * tokens, and a leaked one stops working when it expires. With no tokens configured the endpoint is closed
 * (403) rather than open: control and SQL are never available by accident.
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
    const given = match[1]!;
    const secrets = tokens.filter((token) => token.startsWith(SIGNED_PREFIX));
    if (given.split(".").length === 3 && secrets.length > 0) {
      const refusal = await checkSigned(given, secrets);
      if (refusal)
        return c.json({error: "unauthorized", message: refusal}, 401, {
          "www-authenticate": 'Bearer realm="pitwall-kernel", error="invalid_token"',
        });
      return next();
    }
    if (!tokens.some((token) => !token.startsWith(SIGNED_PREFIX) && sameSecret(token, given))) {
      return c.json({error: "forbidden", message: "that token is not valid for this kernel"}, 403);
    }
    await next();
  };
}

/** Why a signed token is refused (expired, forged, no expiry), or null when one of the secrets signed it. */
async function checkSigned(token: string, secrets: string[]): Promise<string | null> {
  let reason = "the token's signature does not match this kernel's secret";
  for (const entry of secrets) {
    try {
      const payload = await verify(token, entry.slice(SIGNED_PREFIX.length), "HS256");
      if (typeof payload.exp !== "number") return "the token has no expiry (exp): ask for a new one";
      return null;
    } catch (error) {
      const name = (error as Error).name;
      if (name === "JwtTokenExpired") return "the token has expired: ask for a new one";
      if (name !== "JwtTokenSignatureMismatched")
        reason = `the token is not valid: ${(error as Error).message}`;
    }
  }
  return reason;
}

/** Signs a kernel token with `secret` (the part after `hs256:`), valid for `ttlS` seconds. */
export async function signKernelToken(secret: string, ttlS: number, subject = "operator"): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign({sub: subject, iat: now, exp: now + ttlS}, secret, "HS256");
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
