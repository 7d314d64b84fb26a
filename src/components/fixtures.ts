// Small synthetic data for the component snapshot tests: three drivers over five laps of an invented race.

export const drivers = ["AAA", "BBB", "CCC"] as const;

export const colours = new Map([
  ["AAA", "#3671C6"],
  ["BBB", "#FF8000"],
  ["CCC", "#E8002D"],
]);

/** Running order: grid A-B-C, B passes A on lap 2, C passes A on lap 4. */
export const lapPositions = [
  ...[1, 1, 2, 2, 3, 3].map((position, lap) => ({driver: "AAA", lap_number: lap, position})),
  ...[2, 2, 1, 1, 1, 1].map((position, lap) => ({driver: "BBB", lap_number: lap, position})),
  ...[3, 3, 3, 3, 2, 2].map((position, lap) => ({driver: "CCC", lap_number: lap, position})),
];

export const lapTimes = drivers.flatMap((driver, d) =>
  [1, 2, 3, 4, 5].map((lap) => ({
    driver,
    lap_number: lap,
    lap_duration: lap === 1 ? null : 90 + d * 0.4 + lap * 0.05 + ((lap * 7 + d * 3) % 5) * 0.1,
  })),
);
