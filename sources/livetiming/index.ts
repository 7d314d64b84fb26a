// F1 live-timing archive: readers for a local folder or HTTP, session discovery, the stream and merge
// helpers the kernel reuses for replay, and the mapping of a session to PitWall's canonical tables.
export {
  createFolderReader,
  createHttpReader,
  LIVE_TIMING_BASE_URL,
  normalizeSessionPath,
  type ArchiveReader,
  type HttpReaderOptions,
} from "./archive-reader.js";
export {listSessions, type ArchivedSession} from "./discovery.js";
export {
  readSessionTables,
  TABLE_SOURCES,
  type ReadSessionOptions,
  type SessionRead,
  type UnreadableTopic,
} from "./session-reader.js";
export {iterateSessionMessages, mergeByTime, type ReplayOptions, type TopicMessage} from "./replay.js";
export {
  formatOffset,
  parseOffsetAt,
  parseStream,
  parseStreamLines,
  splitStreamLines,
  type RawLine,
  type StreamMessage,
} from "./stream.js";
export {applyChange, asObject, listItem, listItems} from "./merge.js";
export {decodeCompressed, inflatePayload} from "./compressed.js";
export {estimateStreamStart, type TimeAnchor} from "./time-anchor.js";
export type {CarDataColumns, CarPositionColumns} from "./telemetry.js";
export {KNOWN_TOPICS} from "./topics.js";
export {decimal, flag, integer, seconds, text} from "./values.js";
