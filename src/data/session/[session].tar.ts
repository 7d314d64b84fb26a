// Every canonical table of one session, as Parquet files in a tar: pages read `session/<id>/<table>.parquet`.
import {getLoaderParam, runTarLoader} from "../../../store/run-loader.js";
import {getSessionFiles} from "../../../store/session-store.js";

await runTarLoader("session", () => getSessionFiles(getLoaderParam("session")));
