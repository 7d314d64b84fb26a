import {describe, expect, it} from "vitest";
import type {LiveRaceControlMessage} from "../../src/sport/kernel-messages.js";
import {carsIn, readRaceControl} from "./race-control.js";

function message(text: string, fields: Partial<LiveRaceControlMessage> = {}): LiveRaceControlMessage {
  return {
    date: null,
    lap: 15,
    category: "Other",
    flag: null,
    scope: null,
    sector: null,
    driverNumber: null,
    message: text,
    ...fields,
  };
}

describe("readRaceControl (messages as race control writes them)", () => {
  it("reads penalties with their reason and cars", () => {
    expect(
      readRaceControl(message("FIA STEWARDS: 10 SECOND TIME PENALTY FOR CAR 1 (VER) - UNSAFE RELEASE")),
    ).toEqual({
      kind: "penalty",
      penalty: "10 SECOND TIME PENALTY",
      reason: "UNSAFE RELEASE",
      cars: [1],
    });
  });

  it("reads investigations and their outcome", () => {
    expect(
      readRaceControl(
        message(
          "FIA STEWARDS: LAP 1 TURN 1 INCIDENT INVOLVING CARS 12 (ANT) AND 81 (PIA) REVIEWED NO FURTHER INVESTIGATION",
        ),
      ),
    ).toMatchObject({kind: "investigation", outcome: "NO FURTHER INVESTIGATION", cars: [12, 81]});
    expect(
      readRaceControl(
        message(
          "TURN 2 INCIDENT INVOLVING CARS 14 (ALO),27 (HUL)  AND 35 (SIR) NOTED - NO INVESTIGATION NECESSARY",
        ),
      ),
    ).toMatchObject({kind: "investigation", outcome: "NO INVESTIGATION NECESSARY", cars: [14, 27, 35]});
    expect(
      readRaceControl(message("INCIDENT INVOLVING CAR 16 (LEC) NOTED - UNSAFE CONDITION")),
    ).toMatchObject({
      kind: "investigation",
      outcome: "NOTED",
      reason: "UNSAFE CONDITION",
    });
  });

  it("tells the safety car from the virtual one, deployed from ending", () => {
    const sc = {category: "SafetyCar"};
    expect(readRaceControl(message("SAFETY CAR DEPLOYED", sc))).toEqual({
      kind: "safety-car",
      phase: "deployed",
    });
    expect(readRaceControl(message("SAFETY CAR IN THIS LAP", sc))).toEqual({
      kind: "safety-car",
      phase: "ending",
    });
    expect(readRaceControl(message("VIRTUAL SAFETY CAR DEPLOYED", sc))).toEqual({
      kind: "virtual-safety-car",
      phase: "deployed",
    });
    expect(readRaceControl(message("VIRTUAL SAFETY CAR ENDING", sc))).toEqual({
      kind: "virtual-safety-car",
      phase: "ending",
    });
  });

  it("leaves out the noise: blue flags, sector clears, deleted laps, DRS", () => {
    expect(
      readRaceControl(message("WAVED BLUE FLAG FOR CAR 9 (ERI) TIMED AT 16:52:51", {flag: "BLUE"})),
    ).toBeNull();
    expect(readRaceControl(message("CLEAR IN TRACK SECTOR 11", {flag: "CLEAR", scope: "Sector"}))).toBeNull();
    expect(
      readRaceControl(message("CAR 7 (DOO) TIME 2:13.457 DELETED - TRACK LIMITS AT TURN 11 LAP 3 12:35:26")),
    ).toBeNull();
    expect(readRaceControl(message("DRS ENABLED", {category: "Drs"}))).toBeNull();
  });

  it("reads flags", () => {
    expect(readRaceControl(message("RED FLAG", {flag: "RED", scope: "Track"}))).toEqual({kind: "red-flag"});
    expect(readRaceControl(message("TRACK CLEAR", {flag: "CLEAR", scope: "Track"}))).toEqual({
      kind: "track-clear",
    });
    expect(
      readRaceControl(
        message("DOUBLE YELLOW IN TRACK SECTOR 11", {flag: "DOUBLE YELLOW", scope: "Sector", sector: 11}),
      ),
    ).toEqual({kind: "flag", flag: "DOUBLE YELLOW", sector: 11});
  });

  it("finds car numbers, adding the message's own racing number", () => {
    expect(carsIn("CAR 27 (HUL) STOPPED AT TURN 5")).toEqual([27]);
    expect(carsIn("SOMETHING", 44)).toEqual([44]);
  });
});
