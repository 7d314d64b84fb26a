// The pre-race model's ONNX file, for pages that run it in the browser (ONNX Runtime Web).
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {modelsRoot} from "../../../models/shared/artefacts.js";

process.stdout.write(await readFile(join(modelsRoot, "pre-race", "model.onnx")));
