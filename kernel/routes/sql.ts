import {Hono} from "hono";
import {z} from "zod";
import type {KernelDeps} from "../deps.js";
import {httpError, readJsonBody, validate} from "../http/errors.js";
import {SqlRefusal} from "../sql/sql-sandbox.js";

const scalar = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

export const sqlRequest = z.strictObject({
  sql: z.string().min(1).max(20_000).describe("One SELECT (or WITH … SELECT) statement"),
  params: z
    .union([z.array(scalar).max(100), z.record(z.string().regex(/^\w{1,64}$/), scalar)])
    .optional()
    .describe("Values for ? / $1 (array) or $name (object) placeholders"),
  maxRows: z.number().int().min(1).max(100_000).optional(),
});

/** POST /v1/sql (token required): read-only SQL over the Parquet store, for queries too big for a browser. */
export function sqlRoutes(deps: KernelDeps) {
  return new Hono()
    .get("/", (c) => {
      if (!deps.sql)
        throw httpError(503, "sql-unavailable", "SQL is not available in this kernel: see /v1/health");
      return c.json({views: deps.sql.views});
    })
    .post("/", async (c) => {
      if (!deps.sql)
        throw httpError(503, "sql-unavailable", "SQL is not available in this kernel: see /v1/health");
      const body = validate(sqlRequest, await readJsonBody(c.req.raw), "sql request");
      try {
        return c.json(await deps.sql.query(body.sql, body.params ?? [], body.maxRows));
      } catch (error) {
        if (!(error instanceof SqlRefusal)) throw error;
        const status = error.code === "timeout" ? 408 : error.code === "query-error" ? 400 : 403;
        throw httpError(status, error.code, error.message);
      }
    });
}
