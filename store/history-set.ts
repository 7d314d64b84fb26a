import {existsSync} from "node:fs";
import {join} from "node:path";
import type {Settings} from "../sources/settings.js";
import {listFiles} from "./fingerprint.js";
import type {SourceStamp} from "./table-store.js";

export const HISTORY_SET = "history";

/** Where the history comes from: the mirror's Ergast CSV dump when it has one, else the Jolpica API. */
export interface HistoryPlan {
  origin: "ergast-csv" | "jolpica";
  ergastFolder: string | null;
  lapChartsFolder: string | null;
  /** Seasons fetched from Jolpica when there is no dump. */
  seasons: number[];
  /** What the history is built from. */
  stamp(): Promise<SourceStamp>;
}

/** Decides where the history comes from under these settings; PITWALL_HISTORY_SEASONS picks Jolpica's seasons. */
export function planHistory(settings: Settings, env: NodeJS.ProcessEnv = process.env): HistoryPlan {
  const ergastFolder = settings.mirror ? join(settings.mirror, "ergast-csv") : null;
  const lapChartsFolder = settings.mirror ? join(settings.mirror, "lapcharts") : null;
  const hasDump = ergastFolder != null && existsSync(join(ergastFolder, "races.csv"));
  const seasons = hasDump ? [] : parseSeasons(env.PITWALL_HISTORY_SEASONS);
  return {
    origin: hasDump ? "ergast-csv" : "jolpica",
    ergastFolder: hasDump ? ergastFolder : null,
    lapChartsFolder: lapChartsFolder && existsSync(lapChartsFolder) ? lapChartsFolder : null,
    seasons,
    async stamp() {
      if (!hasDump) return {key: `jolpica:${seasons.join(",")}`};
      const charts = lapChartsFolder ? [lapChartsFolder, ...(await listFiles(lapChartsFolder))] : [];
      return {files: [ergastFolder!, ...(await listFiles(ergastFolder!)), ...charts]};
    },
  };
}

/** Seasons from "2023-2025" or "2021,2024"; defaults to the last three seasons. */
export function parseSeasons(text: string | undefined, now = new Date()): number[] {
  if (!text) {
    const year = now.getUTCFullYear();
    return [year - 2, year - 1, year];
  }
  const seasons = new Set<number>();
  for (const part of text.split(",")) {
    const range = /^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$/.exec(part);
    if (!range)
      throw new Error(`PITWALL_HISTORY_SEASONS: "${part}" is not a season or a range like 2021-2025.`);
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    for (let year = Math.min(from, to); year <= Math.max(from, to); year++) seasons.add(year);
  }
  return [...seasons].sort((a, b) => a - b);
}
