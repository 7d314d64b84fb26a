import type {LapRow, TrackStatusRow} from "../../src/sport/session-tables.js";

// Lap-time features. The model predicts a lap relative to a reference: the mean of the driver's last clean
// laps on the same set of tyres. Its inputs are the differences between the predicted lap and that reference
// (tyre age per compound, laps run, track status), so the circuit and the driver cancel out and one model
// serves every track: lap = reference × exp(w · Δfeatures). Pure (no I/O).

export const LAP_TIME_COMPOUNDS = ["SOFT", "MEDIUM", "HARD", "INTERMEDIATE", "WET"] as const;
export type LapTimeCompound = (typeof LAP_TIME_COMPOUNDS)[number];

/** The model's inputs (differences from the reference laps), in ONNX column order. */
export const LAP_TIME_FEATURES = [
  ...LAP_TIME_COMPOUNDS.map((compound) => ({
    name: `age_${compound.toLowerCase()}`,
    doc: `tyre age difference in laps, on ${compound} tyres (0 on other compounds)`,
  })),
  {name: "laps_run", doc: "laps between the reference and the predicted lap (fuel burnt)"},
  {name: "yellow", doc: "1 when the predicted lap runs under yellow flags (track status 2)"},
  {name: "vsc", doc: "1 under a virtual safety car (status 6 or 7)"},
  {name: "safety_car", doc: "1 under the safety car (status 4)"},
] as const;

export const LAP_TIME_FEATURE_NAMES = LAP_TIME_FEATURES.map((feature) => feature.name);

/** How many earlier clean laps make the reference. */
export const REFERENCE_LAPS = 3;

/** A lap's state: what the features are differences of. */
export interface LapState {
  compound: LapTimeCompound;
  tyreAge: number;
  lapNumber: number;
  /** Track status code during the lap: "1" clear, "2" yellow, "4" SC, "6"/"7" VSC. */
  trackStatus: string;
}

/** The feature vector of a lap relative to the (mean) state of its reference laps. */
export function toLapTimeFeatures(lap: LapState, reference: {tyreAge: number; lapNumber: number}): number[] {
  const age = lap.tyreAge - reference.tyreAge;
  return [
    ...LAP_TIME_COMPOUNDS.map((compound) => (compound === lap.compound ? age : 0)),
    lap.lapNumber - reference.lapNumber,
    lap.trackStatus === "2" ? 1 : 0,
    lap.trackStatus === "6" || lap.trackStatus === "7" ? 1 : 0,
    lap.trackStatus === "4" ? 1 : 0,
  ];
}

/** A compound the model knows, or null (2018's HYPERSOFT etc., unknown sets). */
export function toLapTimeCompound(name: string | null): LapTimeCompound | null {
  return (LAP_TIME_COMPOUNDS as readonly string[]).includes(name ?? "") ? (name as LapTimeCompound) : null;
}

/** The worst track status during a lap (from its start to its end, session seconds); "1" when none is known. */
export function trackStatusDuring(status: readonly TrackStatusRow[], start: number, end: number): string {
  const rank: Record<string, number> = {"1": 0, "2": 1, "7": 2, "6": 3, "4": 4, "5": 5};
  let current = "1";
  let worst = "1";
  for (const row of status) {
    if (row.session_time_s == null || row.status == null) continue;
    if (row.session_time_s <= start) current = row.status;
    else if (row.session_time_s < end && (rank[row.status] ?? 0) > (rank[worst] ?? 0)) worst = row.status;
  }
  return (rank[current] ?? 0) > (rank[worst] ?? 0) ? current : worst;
}

/** One training or evaluation row: a lap, its reference and the features between them. */
export interface LapTimeRow {
  session: string;
  year: number;
  driver_number: number;
  lap_number: number;
  compound: LapTimeCompound;
  trackStatus: string;
  reference_s: number;
  lap_time_s: number;
  /** A green lap without traffic-sized loss: what the card's MAE is measured on. */
  clean: boolean;
  features: number[];
}

/**
 * Rows of a session: every timed lap that is not an in- or out-lap and has clean laps on the same set before
 * it. A clean lap is green from start to end and within 107 % of the driver's best on that set (practice and
 * qualifying are mostly cool-down laps, which this drops).
 */
export function toLapTimeRows(
  session: string,
  year: number,
  laps: readonly LapRow[],
  trackStatus: readonly TrackStatusRow[],
): LapTimeRow[] {
  const rows: LapTimeRow[] = [];
  const byStint = new Map<string, LapRow[]>();
  for (const lap of laps) {
    const key = `${lap.driver_number}/${lap.stint_number ?? 0}`;
    byStint.set(key, [...(byStint.get(key) ?? []), lap]);
  }
  for (const stint of byStint.values()) {
    stint.sort((a, b) => a.lap_number - b.lap_number);
    const timed = stint.filter(
      (lap) =>
        lap.lap_duration != null &&
        lap.lap_duration > 0 &&
        !lap.is_pit_in_lap &&
        !lap.is_pit_out_lap &&
        lap.lap_number > 1 &&
        lap.tyre_age_laps != null &&
        toLapTimeCompound(lap.compound) != null,
    );
    const best = Math.min(...timed.map((lap) => lap.lap_duration!));
    const states = timed.map((lap) => {
      const end = lap.session_time_s ?? 0;
      const status =
        lap.session_time_s == null ? "1" : trackStatusDuring(trackStatus, end - lap.lap_duration!, end);
      return {lap, status, clean: status === "1" && lap.lap_duration! <= best * 1.07};
    });
    const cleanSoFar: typeof states = [];
    for (const state of states) {
      const reference = cleanSoFar.slice(-REFERENCE_LAPS);
      if (reference.length > 0) {
        const mean = (pick: (item: (typeof states)[number]) => number) =>
          reference.reduce((sum, item) => sum + pick(item), 0) / reference.length;
        const refState = {
          tyreAge: mean((item) => item.lap.tyre_age_laps!),
          lapNumber: mean((item) => item.lap.lap_number),
        };
        const compound = toLapTimeCompound(state.lap.compound)!;
        rows.push({
          session,
          year,
          driver_number: state.lap.driver_number,
          lap_number: state.lap.lap_number,
          compound,
          trackStatus: state.status,
          reference_s: mean((item) => item.lap.lap_duration!),
          lap_time_s: state.lap.lap_duration!,
          clean: state.clean,
          features: toLapTimeFeatures(
            {
              compound,
              tyreAge: state.lap.tyre_age_laps!,
              lapNumber: state.lap.lap_number,
              trackStatus: state.status,
            },
            refState,
          ),
        });
      }
      if (state.clean) cleanSoFar.push(state);
    }
  }
  return rows;
}
