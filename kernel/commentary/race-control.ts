import type {LiveRaceControlMessage} from "../../src/sport/kernel-messages.js";

/** What a race-control message means for the commentary. */
export type RaceControlMeaning =
  | {kind: "red-flag"}
  | {kind: "track-clear"}
  | {kind: "chequered-flag"}
  | {kind: "safety-car"; phase: "deployed" | "ending"}
  | {kind: "virtual-safety-car"; phase: "deployed" | "ending"}
  | {kind: "flag"; flag: string; sector: number | null}
  | {kind: "penalty"; penalty: string; reason: string | null; cars: number[]}
  | {kind: "investigation"; outcome: string; reason: string | null; cars: number[]}
  | null;

/**
 * Reads one race-control message. Race control writes in capitals with a fixed vocabulary ("SAFETY CAR
 * DEPLOYED", "10 SECOND TIME PENALTY FOR CAR 1 (VER) - UNSAFE RELEASE", "... NOTED - ...", "... UNDER
 * INVESTIGATION", "... REVIEWED NO FURTHER INVESTIGATION"); the reason follows the last " - ". Blue flags,
 * sector clears, DRS and track-limits deletions are left out: they come by the dozen and say little.
 */
export function readRaceControl(message: LiveRaceControlMessage): RaceControlMeaning {
  const text = message.message.toUpperCase().trim();
  const flag = message.flag?.toUpperCase() ?? null;
  if (flag === "RED") return {kind: "red-flag"};
  if (flag === "CHEQUERED") return {kind: "chequered-flag"};
  if (flag === "CLEAR" && message.scope === "Track") return {kind: "track-clear"};
  if (message.category === "SafetyCar" || /SAFETY CAR|\bVSC\b/.test(text)) {
    const virtual = /VIRTUAL SAFETY CAR|\bVSC\b/.test(text);
    const phase = /DEPLOYED/.test(text) ? "deployed" : /ENDING|IN THIS LAP/.test(text) ? "ending" : null;
    if (phase && message.category === "SafetyCar")
      return virtual ? {kind: "virtual-safety-car", phase} : {kind: "safety-car", phase};
  }
  if (flag === "DOUBLE YELLOW" || (flag === "YELLOW" && message.scope === "Track"))
    return {kind: "flag", flag, sector: message.sector ?? sectorIn(text)};
  if (/DELETED|BLUE FLAG/.test(text)) return null;
  const cars = carsIn(text, message.driverNumber);
  const reason = reasonIn(text);
  const penalty =
    /(\d+ SECOND (?:TIME |STOP\/GO )?PENALTY|DRIVE THROUGH PENALTY|STOP\/GO PENALTY|GRID PENALTY|DISQUALIFIED)/.exec(
      text,
    );
  if (penalty && !/NO PENALTY|PENALTY SERVED/.test(text))
    return {kind: "penalty", penalty: penalty[1]!, reason, cars};
  const outcome =
    /NO FURTHER (?:INVESTIGATION|ACTION)|NO INVESTIGATION NECESSARY/.exec(text)?.[0] ??
    (/WILL BE INVESTIGATED AFTER THE (?:RACE|SPRINT|SESSION)/.exec(text)?.[0] ||
      /UNDER INVESTIGATION/.exec(text)?.[0] ||
      /\bNOTED\b/.exec(text)?.[0]);
  if (outcome && cars.length > 0) return {kind: "investigation", outcome, reason, cars};
  return null;
}

/** Car numbers a message names: "CAR 1 (VER)", "CARS 12 (ANT) AND 81 (PIA)", "CARS 14 (ALO),27 (HUL)". */
export function carsIn(text: string, racingNumber: number | null = null): number[] {
  const cars = [...text.matchAll(/\b(\d{1,2}) \([A-Z]{3}\)/g)].map((match) => Number(match[1]));
  if (racingNumber != null && !cars.includes(racingNumber)) cars.unshift(racingNumber);
  return [...new Set(cars)];
}

function reasonIn(text: string): string | null {
  const index = text.lastIndexOf(" - ");
  if (index < 0) return null;
  const reason = text.slice(index + 3).trim();
  return reason.length > 0 ? reason : null;
}

function sectorIn(text: string): number | null {
  const match = /SECTOR (\d+)/.exec(text);
  return match ? Number(match[1]) : null;
}
