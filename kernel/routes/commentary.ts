import {Hono} from "hono";
import type {KernelDeps} from "../deps.js";

/** GET /v1/commentary: what the commentary runs on (Claude or templates, and why), its budget and counters. */
export function commentaryRoutes(deps: KernelDeps) {
  return new Hono().get("/", (c) =>
    c.json(
      deps.commentary?.status() ?? {
        mode: "off",
        reason: "the kernel runs no commentary: start it with PITWALL_COMMENTARY=on",
      },
    ),
  );
}
