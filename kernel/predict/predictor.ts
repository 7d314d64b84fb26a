import {join} from "node:path";
import * as ort from "onnxruntime-node";
import {IN_RACE_FEATURE_NAMES, toInRaceFeatures, type RunningOrder} from "../../models/in-race/features.js";
import {LAP_TIME_FEATURE_NAMES} from "../../models/lap-time/features.js";
import {PRE_RACE_FEATURE_NAMES} from "../../models/pre-race/features.js";
import {modelsRoot, readModelArtefacts} from "../../models/shared/artefacts.js";
import {checkContract, type FeatureContract} from "../../models/shared/contract.js";
import {packGroups} from "../../models/shared/groups.js";

// The predictor: the three ONNX models in ONNX Runtime (Node), each checked against its features.json
// contract when loaded. It knows nothing of HTTP or sessions; routes and the live publisher call it.

/** Which feature code feeds each model: its columns must be exactly the contract's. */
const FEATURE_CODE: Record<string, readonly string[]> = {
  "pre-race": PRE_RACE_FEATURE_NAMES,
  "in-race": IN_RACE_FEATURE_NAMES,
  "lap-time": LAP_TIME_FEATURE_NAMES,
};

export interface LoadedModel {
  contract: FeatureContract;
  session: ort.InferenceSession;
}

/** One car's in-race win probability. */
export interface InRacePrediction {
  driver_number: number;
  position: number;
  win: number;
}

export class Predictor {
  private constructor(readonly models: Record<"pre-race" | "in-race" | "lap-time", LoadedModel>) {}

  /** Loads every model from `folder` (defaults to models/) and checks its contract; throws listing every problem. */
  static async load(folder: string = modelsRoot): Promise<Predictor> {
    const loaded: Partial<Record<string, LoadedModel>> = {};
    const problems: string[] = [];
    for (const name of Object.keys(FEATURE_CODE)) {
      try {
        const {contract, onnx, sha256} = await readModelArtefacts(join(folder, name));
        const session = await ort.InferenceSession.create(onnx, {intraOpNumThreads: 1, interOpNumThreads: 1});
        const found = checkContract(contract, {
          sha256,
          signature: {inputNames: session.inputNames, outputNames: session.outputNames},
          featureNames: FEATURE_CODE[name]!,
        });
        if (contract.model !== name) found.push(`the contract is for "${contract.model}"`);
        problems.push(...found.map((problem) => `${name}: ${problem}`));
        loaded[name] = {contract, session};
      } catch (error) {
        problems.push(`${name}: ${(error as Error).message}`);
      }
    }
    if (problems.length > 0) {
      await Promise.all(Object.values(loaded).map((model) => model?.session.release()));
      throw new Error(`models failed their contracts: ${problems.join("; ")}`);
    }
    return new Predictor(loaded as Predictor["models"]);
  }

  /** Win and podium probabilities of one race's entries, from their pre-race feature rows. */
  async preRace(features: readonly number[][]): Promise<{win: number[]; podium: number[]}> {
    if (features.length === 0) return {win: [], podium: []};
    const batch = packGroups(
      features.map((row) => ({group: "race", features: row, win: 0})),
      PRE_RACE_FEATURE_NAMES.length,
    );
    const out = await this.run("pre-race", {
      features: new ort.Tensor("float32", batch.x, [1, batch.slots, batch.features]),
      present: new ort.Tensor("float32", batch.present, [1, batch.slots]),
    });
    return {
      win: Array.from(out.win!.slice(0, features.length)),
      podium: Array.from(out.podium!.slice(0, features.length)),
    };
  }

  /** Win probabilities of the running cars after a lap. */
  async inRace(state: RunningOrder): Promise<InRacePrediction[]> {
    return (await this.inRaceBatch([state]))[0]!;
  }

  /** Win probabilities for many (race, lap) states in one run: the batch path the benchmark measures. */
  async inRaceBatch(states: readonly RunningOrder[]): Promise<InRacePrediction[][]> {
    const rows = states.flatMap((state, index) =>
      toInRaceFeatures(state).map((row) => ({
        group: String(index),
        features: row.features,
        win: 0,
        car: row.driver_number,
      })),
    );
    if (rows.length === 0) return states.map(() => []);
    const batch = packGroups(rows, IN_RACE_FEATURE_NAMES.length, 22);
    const out = await this.run("in-race", {
      features: new ort.Tensor("float32", batch.x, [batch.groups, batch.slots, batch.features]),
      present: new ort.Tensor("float32", batch.present, [batch.groups, batch.slots]),
    });
    const result: InRacePrediction[][] = states.map(() => []);
    rows.forEach((row, index) => {
      const list = result[Number(row.group)]!;
      list.push({driver_number: row.car, position: list.length + 1, win: out.win![batch.rowIndex[index]!]!});
    });
    return result;
  }

  /** Predicted lap times, seconds, for rows of lap-time features and their reference laps. */
  async lapTimes(features: readonly number[][], referenceS: readonly number[]): Promise<number[]> {
    if (features.length === 0) return [];
    const out = await this.run("lap-time", {
      features: new ort.Tensor("float32", Float32Array.from(features.flat()), [
        features.length,
        LAP_TIME_FEATURE_NAMES.length,
      ]),
      reference_s: new ort.Tensor("float32", Float32Array.from(referenceS), [referenceS.length]),
    });
    return Array.from(out.lap_time_s!);
  }

  /** The contracts, for the notebook and /v1/predictions/models. */
  contracts(): FeatureContract[] {
    return Object.values(this.models).map((model) => model.contract);
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.models).map((model) => model.session.release()));
  }

  private async run(
    name: keyof Predictor["models"],
    feeds: Record<string, ort.Tensor>,
  ): Promise<Record<string, Float32Array>> {
    const results = await this.models[name].session.run(feeds);
    return Object.fromEntries(
      Object.entries(results).map(([key, tensor]) => [key, tensor.data as Float32Array]),
    );
  }
}
