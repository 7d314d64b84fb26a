import type {CommentaryDriver, FactValue} from "../../src/sport/commentary.js";
import type {LiveDriver, LiveState} from "../../src/sport/kernel-messages.js";

/** A car as the commentary names it, from its timing line. */
export function toCommentaryDriver(driver: LiveDriver | undefined, driverNumber: number): CommentaryDriver {
  return {
    driverNumber,
    tla: driver?.tla ?? null,
    name: toSurname(driver?.broadcastName ?? null),
    team: driver?.teamName ?? null,
    position: driver?.position ?? null,
  };
}

/** "O PIASTRI" → "Piastri", "N DE VRIES" → "De Vries": timing's broadcast name without the initial. */
export function toSurname(broadcastName: string | null): string | null {
  if (!broadcastName) return null;
  const words = broadcastName.trim().split(/\s+/);
  const surname = (words.length > 1 ? words.slice(1) : words)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join(" ");
  return surname || null;
}

/** How an event names a car in words: its three letters, else "car 44". */
export function toDriverLabel(driver: CommentaryDriver): string {
  return driver.tla ?? `car ${driver.driverNumber}`;
}

/** The race around an event: session, lap of laps, leader, track status. */
export function toRaceContext(state: LiveState): Record<string, FactValue> {
  const context: Record<string, FactValue> = {};
  if (state.session.meetingName) context.meeting = state.session.meetingName;
  if (state.session.name) context.session = state.session.name;
  if (state.lapCount.current != null) context.lap = state.lapCount.current;
  if (state.lapCount.total != null) context.totalLaps = state.lapCount.total;
  const leader = Object.values(state.drivers).find((driver) => driver.position === 1);
  if (leader) context.leader = leader.tla ?? `car ${leader.driverNumber}`;
  if (state.trackStatus.message) context.trackStatus = state.trackStatus.message;
  if (state.weather?.airTemperature != null) context.airTemperatureC = state.weather.airTemperature;
  if (state.weather?.trackTemperature != null) context.trackTemperatureC = state.weather.trackTemperature;
  return context;
}

/** Is this session a race (or a sprint race), where positions change by overtaking? */
export function isRaceSession(state: LiveState): boolean {
  return state.session.type === "Race";
}

/** Formats seconds with one decimal: 22.31 → "22.3". */
export function toTenths(seconds: number): string {
  return (Math.round(seconds * 10) / 10).toFixed(1);
}
