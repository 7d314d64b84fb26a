import {runLoader} from "../../../store/run-loader.js";
import {getHistoryTablePath} from "../../../store/history-store.js";

await runLoader("history/constructors", () => getHistoryTablePath("constructors"));
