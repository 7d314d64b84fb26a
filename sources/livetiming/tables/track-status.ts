import type {TrackStatusRow} from "../../../src/sport/session-tables.js";
import {asObject} from "../merge.js";
import type {StreamMessage} from "../stream.js";
import type {SessionClock} from "../timing-data.js";
import {text} from "../values.js";

/** One row per TrackStatus message: the status code and its name, at the stream time it was sent. */
export function toTrackStatusRows(messages: readonly StreamMessage[], clock: SessionClock): TrackStatusRow[] {
  const rows: TrackStatusRow[] = [];
  for (const message of messages) {
    const change = asObject(message.change);
    if (!change || (change.Status === undefined && change.Message === undefined)) continue;
    rows.push({
      session_key: clock.sessionKey,
      date: clock.dateAt(message.offsetMs),
      session_time_s: message.offsetMs / 1000,
      status: text(change.Status) ?? (typeof change.Status === "number" ? String(change.Status) : null),
      message: text(change.Message),
    });
  }
  return rows;
}
