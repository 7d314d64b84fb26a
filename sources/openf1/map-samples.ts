import type {CarDataRow, CarPositionRow, RaceControlRow, WeatherRow} from "../../src/sport/session-tables.js";
import type {OpenF1CarData, OpenF1Location, OpenF1RaceControl, OpenF1Weather} from "./types.js";
import {
  pickRowsWithKeys,
  toBoolean,
  toEpochMs,
  toInteger,
  toNumber,
  toText,
  type MapContext,
} from "./values.js";

/**
 * Canonical race-control messages. OpenF1 drops live timing's Status and Mode fields, so they are read back
 * from the text: "VIRTUAL SAFETY CAR DEPLOYED" is mode VIRTUAL SAFETY CAR, status DEPLOYED; "DRS ENABLED"
 * is status ENABLED.
 */
export function toRaceControlRows(
  messages: readonly OpenF1RaceControl[],
  context: MapContext,
): RaceControlRow[] {
  return messages.map((row) => {
    const message = toText(row.message);
    const category = toText(row.category);
    const safetyCar =
      category === "SafetyCar" ? /^(VIRTUAL SAFETY CAR|SAFETY CAR)\s+(.+?)\s*$/i.exec(message ?? "") : null;
    const drs = category === "Drs" ? /^DRS\s+(ENABLED|DISABLED)\b/i.exec(message ?? "") : null;
    return {
      session_key: row.session_key ?? context.sessionKey,
      date: toEpochMs(row.date),
      lap_number: toInteger(row.lap_number),
      category,
      flag: toText(row.flag),
      scope: toText(row.scope),
      sector: toInteger(row.sector),
      driver_number: toInteger(row.driver_number),
      status: safetyCar?.[2]?.toUpperCase() ?? drs?.[1]?.toUpperCase() ?? null,
      mode: safetyCar?.[1]?.toUpperCase() ?? null,
      message,
    };
  });
}

/** Canonical weather samples (rainfall arrives as 0/1). */
export function toWeatherRows(samples: readonly OpenF1Weather[], context: MapContext): WeatherRow[] {
  return samples.map((row) => ({
    session_key: row.session_key ?? context.sessionKey,
    date: toEpochMs(row.date),
    air_temperature: toNumber(row.air_temperature),
    track_temperature: toNumber(row.track_temperature),
    humidity: toNumber(row.humidity),
    pressure: toNumber(row.pressure),
    rainfall: toBoolean(row.rainfall),
    wind_direction: toInteger(row.wind_direction),
    wind_speed: toNumber(row.wind_speed),
  }));
}

/** Canonical car telemetry. */
export function toCarDataRows(samples: readonly OpenF1CarData[], context: MapContext): CarDataRow[] {
  return pickRowsWithKeys(samples, ["driver_number"], context).map((row) => ({
    session_key: row.session_key ?? context.sessionKey,
    date: toEpochMs(row.date),
    driver_number: row.driver_number,
    rpm: toInteger(row.rpm),
    speed_kph: toInteger(row.speed),
    n_gear: toInteger(row.n_gear),
    throttle_pct: toInteger(row.throttle),
    brake: toInteger(row.brake),
    drs: toInteger(row.drs),
  }));
}

/** Canonical car positions. OpenF1's location has no OnTrack/OffTrack status, so status stays null. */
export function toCarPositionRows(samples: readonly OpenF1Location[], context: MapContext): CarPositionRow[] {
  return pickRowsWithKeys(samples, ["driver_number"], context).map((row) => ({
    session_key: row.session_key ?? context.sessionKey,
    date: toEpochMs(row.date),
    driver_number: row.driver_number,
    status: null,
    x: toInteger(row.x),
    y: toInteger(row.y),
    z: toInteger(row.z),
  }));
}
