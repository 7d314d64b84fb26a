// In-race features: the running order after a lap, how far the race has to go, where each car started and
// how strong it looked before the start. Pure (no I/O): lap charts (training), the kernel's live state and
// the notebooks all go through `toInRaceFeatures`.

/** The model's inputs, in ONNX column order. */
export const IN_RACE_FEATURES = [
  {name: "position_log", doc: "ln of the running position after the lap"},
  {name: "leader", doc: "1 for the car in the lead"},
  {name: "remaining_frac", doc: "share of the race distance still to run (1 on the grid, 0 at the flag)"},
  {name: "laps_remaining_log", doc: "ln(1 + laps still to run)"},
  {name: "position_log_x_done", doc: "position_log × share of the race run"},
  {name: "leader_x_done", doc: "leader × share of the race run"},
  {name: "leader_x_done_sq", doc: "leader × (share of the race run)²: the lead hardens late"},
  {name: "second", doc: "1 for the car in second place"},
  {name: "second_x_done", doc: "second × share of the race run"},
  {name: "grid_log", doc: "ln of the starting position (the field size when unknown)"},
  {name: "positions_gained", doc: "(grid − position) / 10"},
  {name: "prerace_logp", doc: "ln of the pre-race model's win probability (ln(1/field) when unknown)"},
  {name: "prerace_x_remaining", doc: "prerace_logp × remaining_frac"},
  {name: "field_size", doc: "cars still running / 20"},
] as const;

export const IN_RACE_FEATURE_NAMES = IN_RACE_FEATURES.map((feature) => feature.name);

/** The state of a race after a lap, as far as the in-race model needs it. */
export interface RunningOrder {
  /** Laps the leader has completed (0 = on the grid). */
  lap: number;
  /** Race distance in laps. */
  totalLaps: number;
  /** Car numbers of the cars still running, leader first. */
  order: readonly number[];
  /** Starting position by car number, where known. */
  grid: ReadonlyMap<number, number>;
  /** Pre-race win probability by car number, where known. */
  preRaceWin: ReadonlyMap<number, number>;
}

/** One feature row per running car, in running order. */
export function toInRaceFeatures(state: RunningOrder): {driver_number: number; features: number[]}[] {
  const field = state.order.length;
  const total = Math.max(1, state.totalLaps);
  const done = Math.min(Math.max(state.lap / total, 0), 1);
  const remaining = 1 - done;
  const lapsLeft = Math.max(0, total - state.lap);
  return state.order.map((driverNumber, index) => {
    const position = index + 1;
    const grid = state.grid.get(driverNumber) ?? field;
    const preRace = state.preRaceWin.get(driverNumber);
    const logP = Math.log(Math.max(preRace ?? 1 / Math.max(field, 1), 1e-4));
    const leader = position === 1 ? 1 : 0;
    return {
      driver_number: driverNumber,
      features: [
        Math.log(position),
        leader,
        remaining,
        Math.log1p(lapsLeft),
        Math.log(position) * done,
        leader * done,
        leader * done * done,
        position === 2 ? 1 : 0,
        position === 2 ? done : 0,
        Math.log(Math.max(grid, 1)),
        (Math.max(grid, 1) - position) / 10,
        logP,
        logP * remaining,
        field / 20,
      ],
    };
  });
}
