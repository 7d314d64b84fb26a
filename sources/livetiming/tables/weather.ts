import type {WeatherRow} from "../../../src/sport/session-tables.js";
import {applyChange, asObject} from "../merge.js";
import type {StreamMessage} from "../stream.js";
import type {SessionClock} from "../timing-data.js";
import {decimal, flag, integer} from "../values.js";

/** One row per WeatherData message (about one a minute); values arrive as strings such as "25.9". */
export function toWeatherRows(messages: readonly StreamMessage[], clock: SessionClock): WeatherRow[] {
  const rows: WeatherRow[] = [];
  let state: Record<string, unknown> = {};
  for (const message of messages) {
    if (!asObject(message.change)) continue;
    state = applyChange(state, message.change) as Record<string, unknown>;
    rows.push({
      session_key: clock.sessionKey,
      date: clock.dateAt(message.offsetMs),
      air_temperature: decimal(state.AirTemp),
      track_temperature: decimal(state.TrackTemp),
      humidity: decimal(state.Humidity),
      pressure: decimal(state.Pressure),
      rainfall: flag(state.Rainfall),
      wind_direction: integer(state.WindDirection),
      wind_speed: decimal(state.WindSpeed),
    });
  }
  return rows;
}
