// Every canonical history table, as Parquet files in a tar: pages read `history/<table>.parquet`.
import {getHistoryFiles} from "../../store/history-store.js";
import {runTarLoader} from "../../store/run-loader.js";

await runTarLoader("history", () => getHistoryFiles());
