import {runLoader} from "../../../store/run-loader.js";
import {getHistoryTablePath} from "../../../store/history-store.js";

await runLoader("history/driver_standings", () => getHistoryTablePath("driver_standings"));
