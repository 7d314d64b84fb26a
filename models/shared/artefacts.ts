import {createHash} from "node:crypto";
import {mkdir, readFile, rename, rm, writeFile} from "node:fs/promises";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {parseContract, type FeatureContract} from "./contract.js";

/** The models/ folder of the checkout. */
export const modelsRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Hex SHA-256 of bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** What a trainer hands over to be written beside each other. */
export interface ModelArtefacts {
  onnx: Uint8Array;
  /** The contract without the hash, which is computed here from the bytes. */
  contract: Omit<FeatureContract, "sha256">;
  card: string;
}

/**
 * Writes model.onnx, features.json and MODEL_CARD.md into a model's folder. Each file is written beside its
 * final name and renamed over it, so a crash leaves the old file or the new one, never half of either.
 */
export async function writeModelArtefacts(
  folder: string,
  artefacts: ModelArtefacts,
): Promise<FeatureContract> {
  const contract = {...artefacts.contract, sha256: sha256(artefacts.onnx)} as FeatureContract;
  const ordered: FeatureContract = {
    model: contract.model,
    version: contract.version,
    onnx: contract.onnx,
    sha256: contract.sha256,
    opset: contract.opset,
    inputs: contract.inputs,
    outputs: contract.outputs,
    columns: contract.columns,
    group: contract.group,
    training: contract.training,
    metrics: contract.metrics,
    parity: contract.parity,
  };
  await mkdir(folder, {recursive: true});
  await writeAtomically(join(folder, contract.onnx), artefacts.onnx);
  await writeAtomically(
    join(folder, "features.json"),
    await formatJson(`${JSON.stringify(ordered, null, 2)}\n`),
  );
  await writeAtomically(join(folder, "MODEL_CARD.md"), artefacts.card);
  return ordered;
}

/** JSON formatted by the repository's Prettier settings, so a fresh training run passes `npm run format:check`. */
async function formatJson(text: string): Promise<string> {
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(join(modelsRoot, "features.json"))) ?? {};
  return prettier.format(text, {...options, parser: "json"});
}

async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, {force: true});
    throw error;
  }
}

/** A model's contract and ONNX bytes from its folder, checked against each other (hash). */
export async function readModelArtefacts(
  folder: string,
): Promise<{contract: FeatureContract; onnx: Uint8Array; sha256: string}> {
  const contractPath = join(folder, "features.json");
  const text = await readFile(contractPath, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${contractPath} is missing (${error.code}): run npm run train`, {cause: error});
  });
  const contract = parseContract(text, contractPath);
  const onnxPath = join(folder, contract.onnx);
  const onnx = new Uint8Array(
    await readFile(onnxPath).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`${onnxPath} is missing (${error.code}): run npm run train`, {cause: error});
    }),
  );
  return {contract, onnx, sha256: sha256(onnx)};
}
