import type {Problem} from "../../src/sport/problems.js";
import {normalizeSessionPath, type ArchiveReader} from "./archive-reader.js";
import {decodeCompressed} from "./compressed.js";
import {splitStreamLines, type RawLine} from "./stream.js";
import {fileOfTopic, isCompressedTopic, KNOWN_TOPICS, topicOfFile} from "./topics.js";

/** One message of a session, from any topic: what the kernel replays. */
export interface TopicMessage {
  topic: string;
  offsetMs: number;
  /** The change to merge into the topic's state (for `.z` topics: the decoded JSON document). */
  change: unknown;
  /** 1-based line in the topic's file. */
  line: number;
}

/**
 * Merges topics' lines into one time-ordered sequence, parsing (and for `.z` topics inflating) each line only
 * when it is reached. Lines at the same offset keep the order of `streams`. A broken line is skipped and reported.
 */
export function* mergeByTime(
  streams: ReadonlyMap<string, readonly RawLine[]>,
  problems: Problem[] = [],
  locate: (topic: string) => string = fileOfTopic,
): Generator<TopicMessage> {
  const topics = [...streams.keys()];
  const lines = topics.map((topic) => streams.get(topic)!);
  const next = topics.map(() => 0);
  for (;;) {
    let best = -1;
    for (let i = 0; i < topics.length; i++) {
      const line = lines[i]![next[i]!];
      if (line && (best < 0 || line.offsetMs < lines[best]![next[best]!]!.offsetMs)) best = i;
    }
    if (best < 0) return;
    const topic = topics[best]!;
    const line = lines[best]![next[best]!++]!;
    try {
      const change = isCompressedTopic(topic) ? decodeCompressed(line.payload) : JSON.parse(line.payload);
      yield {topic, offsetMs: line.offsetMs, change, line: line.line};
    } catch (error) {
      problems.push({
        source: locate(topic),
        line: line.line,
        message: `${(error as Error).message}; line skipped`,
      });
    }
  }
}

export interface ReplayOptions {
  /** Topics to replay; defaults to every known topic the session has. */
  topics?: readonly string[];
  /** Receives skipped lines and unknown or missing topics. */
  problems?: Problem[];
}

/** Reads a session's topics and yields all their messages across topics in time order. */
export async function* iterateSessionMessages(
  reader: ArchiveReader,
  sessionPath: string,
  options: ReplayOptions = {},
): AsyncGenerator<TopicMessage> {
  const path = normalizeSessionPath(sessionPath);
  const problems = options.problems ?? [];
  const available = (await reader.listTopicFiles(path)).map(topicOfFile);
  const wanted = options.topics ?? available.filter((topic) => KNOWN_TOPICS.has(topic));
  const streams = new Map<string, RawLine[]>();
  for (const topic of wanted) {
    const source = reader.locate(path, fileOfTopic(topic));
    const content = available.includes(topic) ? await reader.readTopicFile(path, fileOfTopic(topic)) : null;
    if (content == null) {
      problems.push({source, message: "topic not in the archive for this session; not replayed"});
      continue;
    }
    streams.set(topic, splitStreamLines(content, source, problems));
  }
  yield* mergeByTime(streams, problems, (topic) => reader.locate(path, fileOfTopic(topic)));
}
