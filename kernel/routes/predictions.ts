import {Hono} from "hono";
import type {KernelDeps} from "../deps.js";
import {httpError} from "../http/errors.js";
import type {PredictionService} from "../predict/prediction-service.js";

/** Predictions: the models' contracts, a session's pre-race table and its latest in-race probabilities. */
export function predictionRoutes(deps: KernelDeps) {
  const service = (): PredictionService => {
    if (!deps.predictions) {
      throw httpError(
        503,
        "predictions-off",
        "the models are not loaded: see /v1/health for why (then npm run train)",
      );
    }
    return deps.predictions;
  };
  const asNotFound = (error: unknown): never => {
    if (error instanceof RangeError) throw httpError(404, "no-prediction", error.message);
    throw error;
  };

  return new Hono()
    .get("/models", (c) => c.json({models: service().predictor.contracts()}))
    .get("/:id/pre-race", async (c) => c.json(await service().preRace(c.req.param("id")).catch(asNotFound)))
    .get("/:id/in-race", async (c) => {
      const id = c.req.param("id");
      const channel = deps.hub.get(id);
      if (!channel)
        throw httpError(404, "unknown-session", `no live session "${id}": GET /v1/sessions lists them`);
      const result = await service().inRace(id, channel.model.state).catch(asNotFound);
      if (!result) throw httpError(409, "not-racing", `"${id}" is not a race under way (no lap count yet)`);
      return c.json({
        session: id,
        lap: result.order.lap,
        totalLaps: result.order.totalLaps,
        drivers: result.predictions,
      });
    });
}
