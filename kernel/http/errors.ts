import {HTTPException} from "hono/http-exception";
import type {ContentfulStatusCode} from "hono/utils/http-status";
import type {z} from "zod";

/** An HTTP error whose body is JSON `{error, message}`: a short code and what to do next. */
export function httpError(status: ContentfulStatusCode, error: string, message: string): HTTPException {
  return new HTTPException(status, {
    res: new Response(JSON.stringify({error, message}), {
      status,
      headers: {"content-type": "application/json; charset=utf-8"},
    }),
  });
}

/** Validates a value against a schema; a 400 naming each bad field otherwise. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .map((issue) => `${issue.path.join(".") || what}: ${issue.message}`)
    .join("; ");
  throw httpError(400, "invalid-input", `invalid ${what}: ${detail}`);
}

/** The JSON body of a request, or a 400 saying it is not JSON. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw httpError(400, "malformed-json", "the request body is not valid JSON");
  }
}
