/** Topics the F1 live-timing feed is known to publish (the archive holds a subset per session). */
export const KNOWN_TOPICS = new Set([
  "ArchiveStatus",
  "AudioStreams",
  "CarData.z",
  "ChampionshipPrediction",
  "ContentStreams",
  "CurrentTyres",
  "DriverList",
  "DriverRaceInfo",
  "DriverScore",
  "DriverTracker",
  "ExtrapolatedClock",
  "Heartbeat",
  "LapCount",
  "LapSeries",
  "OvertakeSeries",
  "PitLaneTimeCollection",
  "PitStop",
  "PitStopSeries",
  "Position.z",
  "RaceControlMessages",
  "SessionData",
  "SessionInfo",
  "SessionStatus",
  "SPFeed",
  "TeamRadio",
  "TimingAppData",
  "TimingData",
  "TimingDataF1",
  "TimingStats",
  "TlaRcm",
  "TopThree",
  "TrackStatus",
  "WeatherData",
  "WeatherDataSeries",
]);

/** "TimingData.jsonStream" → "TimingData"; "CarData.z.jsonStream" → "CarData.z". */
export function topicOfFile(fileName: string): string {
  return fileName.replace(/\.jsonStream$/, "");
}

/** "CarData.z" → "CarData.z.jsonStream". */
export function fileOfTopic(topic: string): string {
  return `${topic}.jsonStream`;
}

/** `.z` topics carry base64 DEFLATE payloads instead of JSON objects. */
export function isCompressedTopic(topic: string): boolean {
  return topic.endsWith(".z");
}
