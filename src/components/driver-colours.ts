import {colourFromTiming} from "../sport/team-colours.js";

/** Anything that names a driver and may carry the team's colour or name. */
export interface DriverIdentity {
  driver: string;
  team_colour?: string | null;
  team_name?: string | null;
}

/**
 * Colour of each driver: timing's TeamColour when valid, else the season's team colour; first row wins. The
 * season may be null (a session_info cell without a row): then no season's colours are used.
 */
export function toDriverColours(rows: Iterable<DriverIdentity>, season?: number | null): Map<string, string> {
  const colours = new Map<string, string>();
  for (const row of rows) {
    if (!colours.has(row.driver))
      colours.set(row.driver, colourFromTiming(row.team_colour, row.team_name, season ?? undefined));
  }
  return colours;
}

/** Plot colour-scale options for the drivers, in their colours when given; defaults to Plot's scheme. */
export function toColourScale(
  domain: readonly string[],
  colours?: ReadonlyMap<string, string>,
): {domain: string[]; range?: string[]} {
  return colours
    ? {domain: [...domain], range: domain.map((driver) => colours.get(driver) ?? "#888888")}
    : {domain: [...domain]};
}

/** Distinct values in first-seen order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** The last row of each group, in first-seen group order; rows are taken in the order given. */
export function pickLastOfEach<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const last = new Map<string, T>();
  for (const row of rows) last.set(key(row), row);
  return [...last.values()];
}
