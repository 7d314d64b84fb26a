import {z} from "zod";

// The features.json contract beside every model.onnx: what goes in (ordered columns), what comes out, what the
// model was trained on and how it scored. The trainer writes it; the kernel and the notebooks check it.

const tensorSpec = z.object({
  name: z.string(),
  dtype: z.literal("float32"),
  shape: z.array(z.union([z.number().int(), z.string()])),
  doc: z.string(),
});

export const featureContractSchema = z.object({
  model: z.string(),
  version: z.number().int(),
  onnx: z.string(),
  /** SHA-256 of the ONNX file, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  opset: z.number().int(),
  inputs: z.array(tensorSpec),
  outputs: z.array(tensorSpec),
  /** Ordered feature columns of the `features` input's last axis. */
  columns: z.array(z.object({name: z.string(), doc: z.string()})),
  /** What one group (the softmax's field) is, for models that have groups. */
  group: z.string().nullable(),
  training: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
  parity: z.object({rows: z.number().int(), tolerance: z.number(), within: z.boolean()}),
});

export type FeatureContract = z.infer<typeof featureContractSchema>;

/** Parses a features.json text; throws naming the file and the first bad field. */
export function parseContract(text: string, source: string): FeatureContract {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON (${(error as Error).message}); rerun npm run train`, {
      cause: error,
    });
  }
  const parsed = featureContractSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: ${issue.path.join(".") || "(root)"}: ${issue.message}; rerun npm run train`);
  }
  return parsed.data;
}

/** What a running model reports about itself, to compare with its contract. */
export interface ModelSignature {
  inputNames: readonly string[];
  outputNames: readonly string[];
}

/**
 * Problems between a contract, the model file and the feature code that will feed it: a wrong hash, other
 * input or output names, or feature columns that differ from the code's (name, order or count). Empty = ok.
 */
export function checkContract(
  contract: FeatureContract,
  checks: {sha256: string; signature: ModelSignature; featureNames: readonly string[]},
): string[] {
  const problems: string[] = [];
  if (checks.sha256 !== contract.sha256) {
    problems.push(`${contract.onnx} does not match its contract (sha256 differs): rerun npm run train`);
  }
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((value, index) => value === b[index]);
  const declaredInputs = contract.inputs.map((input) => input.name);
  if (!same(checks.signature.inputNames, declaredInputs)) {
    problems.push(`inputs are [${checks.signature.inputNames}], the contract says [${declaredInputs}]`);
  }
  const declaredOutputs = contract.outputs.map((output) => output.name);
  if (!same(checks.signature.outputNames, declaredOutputs)) {
    problems.push(`outputs are [${checks.signature.outputNames}], the contract says [${declaredOutputs}]`);
  }
  const columns = contract.columns.map((column) => column.name);
  if (!same(checks.featureNames, columns)) {
    const at = columns.findIndex((name, index) => name !== checks.featureNames[index]);
    problems.push(
      `the feature code's ${checks.featureNames.length} columns differ from the ${columns.length} the model was trained on` +
        (at >= 0 ? ` (first difference at column ${at}: ${checks.featureNames[at]} vs ${columns[at]})` : "") +
        ": retrain with npm run train",
    );
  }
  const width = contract.inputs[0]?.shape.at(-1);
  if (typeof width === "number" && width !== columns.length) {
    problems.push(`the features input is ${width} wide but the contract lists ${columns.length} columns`);
  }
  return problems;
}
