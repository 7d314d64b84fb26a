// OpenF1 (https://openf1.org): a typed /v1 client, and the mapping of its rows to PitWall's canonical tables.
export {
  createOpenF1Client,
  isNoResults,
  openF1BaseUrl,
  openF1RateLimit,
  type OpenF1Client,
  type OpenF1ClientOptions,
  type WindowedEndpoint,
  type WindowedRange,
} from "./client.js";
export {getSessionTables, type SessionBuild, type SessionTablesOptions} from "./get-session-tables.js";
export {
  toQueryString,
  toDateFilter,
  type DateInput,
  type Filters,
  type OpenF1Filters,
  type Range,
} from "./query.js";
export {splitTimeRange, type TimeWindow} from "./time-windows.js";
export {
  toClassificationRows,
  toDriverRows,
  toSessionId,
  toSessionInfoRow,
  toSessionType,
} from "./map-session.js";
export {toIntervalRows, toLapRows, toPitStopRows, toPositionRows, toStintRows} from "./map-timing.js";
export {toCarDataRows, toCarPositionRows, toRaceControlRows, toWeatherRows} from "./map-samples.js";
export {addLapGaps, addLapPositions, addLapStints, addPitInLaps} from "./add-lap-context.js";
export type {MapContext} from "./values.js";
export * from "./types.js";
