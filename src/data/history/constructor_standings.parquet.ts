import {runLoader} from "../../../store/run-loader.js";
import {getHistoryTablePath} from "../../../store/history-store.js";

await runLoader("history/constructor_standings", () => getHistoryTablePath("constructor_standings"));
