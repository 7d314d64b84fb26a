// The predictions notebook's data for one race: model inputs, contracts, cards and Node ONNX outputs (JSON).
import {buildPredictionsData} from "../../../models/notebook/predictions-data.js";
import {getLoaderParam} from "../../../store/run-loader.js";

try {
  process.stdout.write(JSON.stringify(await buildPredictionsData(getLoaderParam("session"))));
} catch (error) {
  process.stderr.write(`models/${process.argv.slice(2).join(" ")}: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
