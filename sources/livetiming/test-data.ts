// Where tests find the real archive: the mirror folder from PitWall's settings (../shared/data by default).
import {existsSync} from "node:fs";
import {join} from "node:path";
import {readSettings} from "../settings.js";

function mirrorFolder(): string {
  const {mirror} = readSettings();
  if (!mirror || !existsSync(join(mirror, "livetiming"))) {
    throw new Error(
      `The live-timing tests read the real archive under <mirror>/livetiming, but ${mirror ?? "no mirror"} has none. ` +
        "Set PITWALL_MIRROR to the shared data folder (../shared/data).",
    );
  }
  return mirror;
}

/** The mirror folder (with urls.tsv). */
export const MIRROR = mirrorFolder();
/** The live-timing archive inside it, laid out like https://livetiming.formula1.com/static/. */
export const ARCHIVE = join(MIRROR, "livetiming");
/** The complete session with every topic, CarData.z and Position.z included. */
export const MEXICO_QUALIFYING = "2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/";
