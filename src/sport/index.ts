// The sport's vocabulary: row types of every canonical table, units, team colours, lap-time formatting.
// Pure: no I/O, no DOM, no side effects, so pages, loaders, the kernel and the trainers all share it.
export * from "./schema.js";
export * from "./session-tables.js";
export * from "./history-tables.js";
export * from "./lap-time.js";
export * from "./units.js";
export * from "./team-colours.js";
export * from "./session-id.js";
export * from "./problems.js";
export * from "./compounds.js";
