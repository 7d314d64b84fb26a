// The sessions the configured sources hold, for the home page: id, names, date, source and topics.
import {readSettings} from "../../sources/settings.js";
import {listCatalog} from "../../store/session-catalog.js";

try {
  const sessions = await listCatalog(readSettings());
  const rows = sessions.map((session) => ({
    session_id: session.session_id,
    year: session.year,
    meeting_name: session.meeting_name,
    session_name: session.session_name,
    start_date: session.start_date,
    source: session.source,
    topics:
      session.source === "livetiming" ? session.topics.map((file) => file.replace(/\.jsonStream$/, "")) : [],
  }));
  process.stdout.write(JSON.stringify(rows));
} catch (error) {
  process.stderr.write(`sessions: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
