import {mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, describe, expect, it} from "vitest";
import {readModelArtefacts, sha256, writeModelArtefacts, type ModelArtefacts} from "./artefacts.js";
import {checkContract, parseContract} from "./contract.js";

let folder: string;
afterEach(async () => folder && (await rm(folder, {recursive: true, force: true})));

const artefacts: ModelArtefacts = {
  onnx: new Uint8Array([1, 2, 3]),
  card: "# card\n",
  contract: {
    model: "toy",
    version: 1,
    onnx: "model.onnx",
    opset: 13,
    inputs: [{name: "features", dtype: "float32", shape: ["rows", 2], doc: ""}],
    outputs: [{name: "y", dtype: "float32", shape: ["rows"], doc: ""}],
    columns: [
      {name: "a", doc: ""},
      {name: "b", doc: ""},
    ],
    group: null,
    training: {},
    metrics: {},
    parity: {rows: 1, tolerance: 1e-5, within: true},
  },
};

describe("model artefacts", () => {
  it("writes the three files (no temporary left behind) and reads them back with the hash in the contract", async () => {
    folder = await mkdtemp(join(tmpdir(), "pitwall-artefacts-"));
    await writeModelArtefacts(folder, artefacts);
    expect((await readdir(folder)).sort()).toEqual(["MODEL_CARD.md", "features.json", "model.onnx"]);
    const read = await readModelArtefacts(folder);
    expect(read.contract.sha256).toBe(sha256(artefacts.onnx));
    const signature = {inputNames: ["features"], outputNames: ["y"]};
    expect(checkContract(read.contract, {sha256: read.sha256, signature, featureNames: ["a", "b"]})).toEqual(
      [],
    );
    expect(checkContract(read.contract, {sha256: read.sha256, signature, featureNames: ["a"]})[0]).toMatch(
      /1 columns differ from the 2 the model was trained on/,
    );
  });

  it("says what to do when a contract is missing, not JSON, or lacks a field", async () => {
    folder = await mkdtemp(join(tmpdir(), "pitwall-artefacts-"));
    await expect(readModelArtefacts(folder)).rejects.toThrow(/features.json is missing .* npm run train/);
    expect(() => parseContract("{", "x/features.json")).toThrow(/x\/features.json is not JSON/);
    const contract = JSON.parse(JSON.stringify({...artefacts.contract, sha256: "0".repeat(64)}));
    delete contract.columns;
    await writeFile(join(folder, "features.json"), JSON.stringify(contract));
    await expect(readModelArtefacts(folder)).rejects.toThrow(/columns: .*rerun npm run train/);
    expect(await readFile(join(folder, "features.json"), "utf8")).toContain("toy");
  });
});
