import type {LiveCarPosition, LiveRaceControlMessage, LiveState} from "../../src/sport/kernel-messages.js";
import {parseClock, parseUtc} from "../../src/sport/units.js";
import {asObject, listItems} from "../../sources/livetiming/index.js";
import {decimal, flag, integer, text} from "../../sources/livetiming/values.js";

type Raw = Record<string, unknown> | undefined;

/** Session name, type and status from SessionInfo, SessionStatus, SessionData and TimingData's SessionPart. */
export function deriveSession(
  sessionId: string,
  info: Raw,
  status: Raw,
  sessionData: Raw,
  timingData: Raw,
): LiveState["session"] {
  // SessionData's StatusSeries also carries the status, and is the only source in some live feeds.
  const series = listItems<Record<string, unknown>>(sessionData?.StatusSeries)
    .map((entry) => text(entry.SessionStatus))
    .filter((value): value is string => value != null);
  return {
    sessionId,
    name: text(info?.Name),
    type: text(info?.Type),
    meetingName: text(asObject(info?.Meeting)?.Name),
    status: text(status?.Status) ?? series.at(-1) ?? null,
    part: integer(timingData?.SessionPart),
  };
}

/** The session clock from ExtrapolatedClock: remaining time at a UTC instant, and whether it runs. */
export function deriveClock(clock: Raw): LiveState["clock"] {
  const remaining = text(clock?.Remaining);
  const remainingS = remaining == null ? null : parseClock(remaining);
  return {
    remaining,
    remainingMs: remainingS == null ? null : Math.round(remainingS * 1000),
    extrapolating: flag(clock?.Extrapolating) ?? false,
    utc: parseUtc(text(clock?.Utc)),
  };
}

export function deriveLapCount(lapCount: Raw): LiveState["lapCount"] {
  return {current: integer(lapCount?.CurrentLap), total: integer(lapCount?.TotalLaps)};
}

export function deriveTrackStatus(trackStatus: Raw): LiveState["trackStatus"] {
  return {status: text(trackStatus?.Status), message: text(trackStatus?.Message)};
}

export function deriveWeather(weather: Raw): LiveState["weather"] {
  if (!weather) return null;
  return {
    airTemperature: decimal(weather.AirTemp),
    trackTemperature: decimal(weather.TrackTemp),
    humidity: decimal(weather.Humidity),
    pressure: decimal(weather.Pressure),
    rainfall: flag(weather.Rainfall),
    windDirection: integer(weather.WindDirection),
    windSpeed: decimal(weather.WindSpeed),
  };
}

/** Race-control messages, oldest first. */
export function deriveRaceControl(raceControl: Raw): LiveRaceControlMessage[] {
  return listItems<Record<string, unknown>>(raceControl?.Messages).map((message) => ({
    // Race control stamps whole seconds, without a zone: UTC.
    date: parseUtc(text(message.Utc)),
    lap: integer(message.Lap),
    category: text(message.Category),
    flag: text(message.Flag),
    scope: text(message.Scope),
    sector: integer(message.Sector),
    driverNumber: integer(message.RacingNumber),
    message: text(message.Message) ?? "",
  }));
}

/**
 * Latest position of each car from a Position.z document: `Position` is a list of samples (each a
 * Timestamp and Entries keyed by car number); the last one holds the newest.
 */
export function derivePositions(
  previous: Record<string, LiveCarPosition>,
  document: unknown,
): Record<string, LiveCarPosition> {
  const samples = listItems<Record<string, unknown>>(asObject(document)?.Position);
  if (samples.length === 0) return previous;
  const next = {...previous};
  for (const sample of samples) {
    const date = parseUtc(text(sample.Timestamp));
    for (const [car, entry] of Object.entries(asObject(sample.Entries) ?? {})) {
      const fields = asObject(entry);
      const x = integer(fields?.X);
      const y = integer(fields?.Y);
      const z = integer(fields?.Z);
      if (x == null || y == null || z == null) continue;
      next[car] = {x, y, z, status: text(fields?.Status), date};
    }
  }
  return next;
}
