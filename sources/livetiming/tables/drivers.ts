import type {DriverRow} from "../../../src/sport/session-tables.js";
import {applyChange, asObject, listItems} from "../merge.js";
import type {StreamMessage} from "../stream.js";
import {text} from "../values.js";

/** The feed switched to another series (F2/F3 after an F1 practice) at this offset; later data is not this session's. */
export interface FeedSwitch {
  atMs: number;
  line: number;
}

/**
 * Finds where DriverList starts renaming cars that already had a driver (and deletes their team): after some
 * practice sessions the archive keeps recording the support race on the same stream (2023 Hungary FP1,
 * 2025 Monza FP1). Returns null when the feed never switched.
 */
export function findFeedSwitch(messages: readonly StreamMessage[]): FeedSwitch | null {
  const acronyms = new Map<string, string>();
  for (const message of messages) {
    const change = asObject(message.change);
    if (!change) continue;
    for (const [car, value] of Object.entries(change)) {
      const acronym = text(asObject(value)?.Tla);
      if (!acronym) continue;
      const known = acronyms.get(car);
      if (known && known !== acronym) return {atMs: message.offsetMs, line: message.line};
      acronyms.set(car, acronym);
    }
  }
  return null;
}

/** Driver rows from DriverList, one per car number, in the order of the timing screen's first lines. */
export function toDriverRows(messages: readonly StreamMessage[], sessionKey: number): DriverRow[] {
  let state: Record<string, unknown> = {};
  for (const message of messages) {
    if (asObject(message.change)) state = applyChange(state, message.change) as Record<string, unknown>;
  }
  const rows: DriverRow[] = [];
  for (const [car, value] of Object.entries(state)) {
    const entry = asObject(value);
    if (!entry || !/^\d+$/.test(car)) continue;
    const fullName = text(entry.FullName);
    rows.push({
      session_key: sessionKey,
      driver_number: Number(car),
      broadcast_name: text(entry.BroadcastName),
      full_name: fullName,
      first_name: text(entry.FirstName),
      last_name: text(entry.LastName),
      name_acronym: text(entry.Tla),
      team_name: text(entry.TeamName),
      team_colour: text(entry.TeamColour)?.replace(/^#/, "").toUpperCase() ?? null,
      headshot_url: text(entry.HeadshotUrl),
      country_code: text(entry.CountryCode),
    });
  }
  return rows.sort((a, b) => a.driver_number - b.driver_number);
}

/**
 * Driver rows when DriverList is missing: the car numbers the timing topics know, with the names TopThree
 * gives for the cars that were ever in the top three; everything else stays null.
 */
export function toDriverRowsFromTiming(
  carNumbers: Iterable<number>,
  topThree: readonly StreamMessage[],
  sessionKey: number,
): DriverRow[] {
  const named = new Map<number, Record<string, unknown>>();
  let state: unknown = {};
  for (const message of topThree) {
    state = applyChange(state, message.change);
    for (const line of listItems<Record<string, unknown>>(asObject(state)?.Lines)) {
      const car = Number(line.RacingNumber);
      if (Number.isInteger(car) && text(line.Tla)) named.set(car, {...line});
    }
  }
  return [...new Set(carNumbers)]
    .sort((a, b) => a - b)
    .map((car): DriverRow => {
      const entry = named.get(car) ?? {};
      return {
        session_key: sessionKey,
        driver_number: car,
        broadcast_name: text(entry.BroadcastName),
        full_name: text(entry.FullName),
        first_name: text(entry.FirstName),
        last_name: text(entry.LastName),
        name_acronym: text(entry.Tla),
        team_name: text(entry.Team),
        team_colour: text(entry.TeamColour)?.toUpperCase() ?? null,
        headshot_url: null,
        country_code: null,
      };
    });
}
