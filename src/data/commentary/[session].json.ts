// The race report's written summary of one session (JSON): from the events the live commentary detects, by
// Claude when ANTHROPIC_API_KEY is set at build time, from templates otherwise (kernel/commentary/summary.ts).
import {buildRaceSummary, type RaceSummary} from "../../../kernel/commentary/summary.js";
import {commentaryFromEnv} from "../../../kernel/commentary/settings.js";
import {readSettings} from "../../../sources/settings.js";
import {getLoaderParam} from "../../../store/run-loader.js";
import {findCatalogSession, openArchive} from "../../../store/session-catalog.js";

try {
  const sessionId = getLoaderParam("session");
  const settings = readSettings();
  const session = await findCatalogSession(settings, sessionId);
  let summary: RaceSummary;
  if (session.source !== "livetiming") {
    summary = {
      sessionId,
      source: "none",
      reason: "this session comes from OpenF1 alone: no live-timing archive to replay for events",
      model: null,
      paragraphs: [],
      moments: [],
      facts: {},
      eventCount: 0,
    };
  } else {
    const claude = commentaryFromEnv({...process.env, PITWALL_COMMENTARY: "on"})?.claude ?? null;
    process.stderr.write(
      `commentary/${sessionId}: ${claude ? `writing with ${claude.model}` : "writing from templates (no ANTHROPIC_API_KEY)"}\n`,
    );
    summary = await buildRaceSummary({
      archive: await openArchive(settings),
      path: session.path,
      sessionId,
      claude,
    });
  }
  process.stdout.write(JSON.stringify(summary));
} catch (error) {
  process.stderr.write(`commentary/${process.argv.slice(2).join(" ")}: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
