// Builds the Parquet table store for every session the configured sources hold, plus the history, with
// progress on stderr. `npm start` runs it before the site build so Framework's loaders only copy files.
// Flags: --list prints the session ids and exits; --only=<id>[,<id>] builds just those.
import {readSettings, type Settings} from "../sources/settings.js";
import {ensureHistory} from "../store/history-store.js";
import {listCatalog, type CatalogSession} from "../store/session-catalog.js";
import {ensureSession} from "../store/session-store.js";

// Where to check that the internet answers; tests point it at a closed local port.
const INTERNET_PROBE =
  process.env.PITWALL_INTERNET_PROBE ?? "https://livetiming.formula1.com/static/2025/Index.json";

async function main(): Promise<void> {
  const settings = readSettings();
  await explainSource(settings);
  const sessions = await listCatalog(settings);
  if (process.argv.includes("--list")) {
    for (const session of sessions) process.stdout.write(`${session.session_id}\t${session.source}\n`);
    return;
  }
  const only = process.argv
    .find((arg) => arg.startsWith("--only="))
    ?.slice("--only=".length)
    .split(",");
  const chosen = only ? sessions.filter((session) => only.includes(session.session_id)) : sessions;
  if (only && chosen.length !== only.length) {
    const unknown = only.filter((id) => !sessions.some((session) => session.session_id === id));
    throw new Error(`unknown session ids: ${unknown.join(", ")} (see --list)`);
  }
  const failures: string[] = [];
  const started = performance.now();
  for (const [index, session] of chosen.entries()) {
    const line = await buildOne(session, settings).catch((error: Error) => {
      failures.push(`${session.session_id}: ${error.message}`);
      return `FAILED: ${error.message}`;
    });
    log(`[${index + 1}/${chosen.length}] ${session.session_id}: ${line}`);
  }
  if (!only) {
    const t0 = performance.now();
    const {manifest} = await ensureHistory(settings);
    const rows = Object.values(manifest.tables).reduce((sum, table) => sum + table.rows, 0);
    log(
      `history: ${rows.toLocaleString("en")} rows in ${Object.keys(manifest.tables).length} tables (${ms(t0)})`,
    );
  }
  log(`data ready in ${ms(started)}: ${chosen.length - failures.length} of ${chosen.length} sessions built`);
  if (failures.length > 0) {
    throw new Error(`${failures.length} session(s) could not be built:\n  ${failures.join("\n  ")}`);
  }
}

async function buildOne(session: CatalogSession, settings: Settings): Promise<string> {
  const t0 = performance.now();
  const {manifest} = await ensureSession(session, settings);
  const tables = Object.values(manifest.tables);
  const present = tables.filter((table) => table.status === "present").length;
  const rows = tables.reduce((sum, table) => sum + table.rows, 0);
  const skipped = manifest.problems.filter((problem) => !problem.startsWith("note:")).length;
  return (
    `${present}/${tables.length} tables, ${rows.toLocaleString("en")} rows (${ms(t0)})` +
    (skipped ? `, ${skipped} input problem(s) skipped: see ${session.session_id}/manifest.json` : "")
  );
}

async function explainSource(settings: Settings): Promise<void> {
  if (settings.mirror) {
    log(`data: mirror folder ${settings.mirror} (from ${settings.mirrorOrigin})`);
    return;
  }
  try {
    await fetch(INTERNET_PROBE, {method: "HEAD", signal: AbortSignal.timeout(5000)});
    log("data: the internet (no mirror folder is set)");
  } catch {
    throw new Error(
      "No data source: no mirror folder is set and the internet cannot be reached.\n" +
        "  Point PitWall at a local mirror (a folder like ../shared/data, with urls.tsv):\n" +
        "    PITWALL_MIRROR=/path/to/data npm start\n" +
        '  or put {"mirror": "/path/to/data"} in pitwall.config.json, or connect to the internet.',
    );
  }
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function ms(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}

main().catch((error: Error) => {
  log(`prepare-data: ${error.message}`);
  process.exitCode = 1;
});
