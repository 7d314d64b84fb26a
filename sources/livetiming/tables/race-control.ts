import type {RaceControlRow} from "../../../src/sport/session-tables.js";
import {parseUtc} from "../../../src/sport/units.js";
import {applyChange, asObject} from "../merge.js";
import type {StreamMessage} from "../stream.js";
import type {SessionClock} from "../timing-data.js";
import {integer, text} from "../values.js";

/**
 * Race-control messages in the order they were issued. `date` is the message's own Utc (whole seconds, as
 * race control stamps it), or the stream time it arrived when it has none.
 */
export function toRaceControlRows(messages: readonly StreamMessage[], clock: SessionClock): RaceControlRow[] {
  let list: unknown = [];
  const firstSeen = new Map<string, number>();
  for (const message of messages) {
    const items = asObject(message.change)?.Messages;
    if (items === undefined) continue;
    for (const key of Object.keys(items as object))
      if (!firstSeen.has(key)) firstSeen.set(key, message.offsetMs);
    list = Array.isArray(items) ? items.slice() : applyChange(list, items);
  }
  const rows: RaceControlRow[] = [];
  for (const [key, value] of Object.entries(list as object)) {
    const item = asObject(value);
    if (!item) continue;
    const offset = firstSeen.get(key);
    rows.push({
      session_key: clock.sessionKey,
      date: parseUtc(text(item.Utc)) ?? (offset == null ? null : clock.dateAt(offset)),
      lap_number: integer(item.Lap),
      category: text(item.Category),
      flag: text(item.Flag),
      scope: text(item.Scope),
      sector: integer(item.Sector),
      driver_number: integer(item.RacingNumber),
      status: text(item.Status),
      mode: text(item.Mode),
      message: text(item.Message),
    });
  }
  return rows;
}
