import {describe, expect, it} from "vitest";
import {toCarDataRows, toCarPositionRows, toRaceControlRows, toWeatherRows} from "./map-samples.js";
import type {OpenF1RaceControl} from "./types.js";
import type {MapContext} from "./values.js";

const keys = {session_key: 7, meeting_key: 2};
const context = (): MapContext => ({sessionKey: 7, source: "x", problems: []});
const date = "2024-09-22T12:34:56.789000+00:00";
const at = Date.UTC(2024, 8, 22, 12, 34, 56, 789);

describe("toRaceControlRows", () => {
  it("reads safety-car mode and status, and DRS status, back from the message", () => {
    const message = (
      category: string,
      text: string,
      extra: Partial<OpenF1RaceControl> = {},
    ): OpenF1RaceControl => ({
      ...keys,
      date,
      category,
      flag: null,
      scope: null,
      sector: null,
      driver_number: null,
      lap_number: 12,
      message: text,
      ...extra,
    });
    const rows = toRaceControlRows(
      [
        message("SafetyCar", "SAFETY CAR DEPLOYED"),
        message("SafetyCar", "VIRTUAL SAFETY CAR ENDING"),
        message("Drs", "DRS ENABLED"),
        message("Flag", "YELLOW IN TRACK SECTOR 5", {flag: "YELLOW", scope: "Sector", sector: 5}),
        message("Flag", "BLACK AND WHITE FLAG FOR CAR 1 (VER) - TRACK LIMITS", {
          flag: "BLACK AND WHITE",
          scope: "Driver",
          driver_number: 1,
        }),
      ],
      context(),
    );
    expect(rows.map((row) => [row.category, row.mode, row.status])).toEqual([
      ["SafetyCar", "SAFETY CAR", "DEPLOYED"],
      ["SafetyCar", "VIRTUAL SAFETY CAR", "ENDING"],
      ["Drs", null, "ENABLED"],
      ["Flag", null, null],
      ["Flag", null, null],
    ]);
    expect(rows[3]).toMatchObject({
      session_key: 7,
      date: at,
      lap_number: 12,
      flag: "YELLOW",
      scope: "Sector",
      sector: 5,
    });
    expect(rows[4]!.driver_number).toBe(1);
  });
});

describe("toWeatherRows", () => {
  it("reads rainfall's 0/1 as a boolean", () => {
    const sample = {
      ...keys,
      date,
      air_temperature: 30.1,
      track_temperature: 35.2,
      humidity: 74,
      pressure: 1007.9,
      wind_direction: 180,
      wind_speed: 1.1,
    };
    expect(
      toWeatherRows(
        [
          {...sample, rainfall: 0},
          {...sample, rainfall: 1},
        ],
        context(),
      ),
    ).toEqual([
      {
        session_key: 7,
        date: at,
        air_temperature: 30.1,
        track_temperature: 35.2,
        humidity: 74,
        pressure: 1007.9,
        rainfall: false,
        wind_direction: 180,
        wind_speed: 1.1,
      },
      {
        session_key: 7,
        date: at,
        air_temperature: 30.1,
        track_temperature: 35.2,
        humidity: 74,
        pressure: 1007.9,
        rainfall: true,
        wind_direction: 180,
        wind_speed: 1.1,
      },
    ]);
  });
});

describe("toCarDataRows and toCarPositionRows", () => {
  it("rename OpenF1's fields to the canonical ones", () => {
    expect(
      toCarDataRows(
        [
          {
            ...keys,
            driver_number: 55,
            date,
            rpm: 11141,
            speed: 315,
            n_gear: 8,
            throttle: 99,
            brake: 0,
            drs: 12,
          },
        ],
        context(),
      ),
    ).toEqual([
      {
        session_key: 7,
        date: at,
        driver_number: 55,
        rpm: 11141,
        speed_kph: 315,
        n_gear: 8,
        throttle_pct: 99,
        brake: 0,
        drs: 12,
      },
    ]);
    expect(
      toCarPositionRows([{...keys, driver_number: 81, date, x: 567, y: 3195, z: 187}], context()),
    ).toEqual([{session_key: 7, date: at, driver_number: 81, status: null, x: 567, y: 3195, z: 187}]);
  });
});
