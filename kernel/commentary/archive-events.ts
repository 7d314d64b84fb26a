import type {CommentaryEvent} from "../../src/sport/commentary.js";
import type {LiveState} from "../../src/sport/kernel-messages.js";
import {iterateSessionMessages, type ArchiveReader} from "../../sources/livetiming/index.js";
import {TimingModel} from "../timing/timing-model.js";
import {EventDetector} from "./detect-events.js";

/** What a replayed archive gives the commentary: its events and the state at the end. */
export interface ArchiveEvents {
  events: CommentaryEvent[];
  finalState: LiveState;
  messages: number;
}

/**
 * Replays an archived session through the kernel's timing model and the event detector, offline: the same
 * events (same ids) a live replay of it gives. The post-race summary is written from these.
 */
export async function detectArchiveEvents(
  archive: ArchiveReader,
  path: string,
  sessionId = "archive",
): Promise<ArchiveEvents> {
  const model = new TimingModel(sessionId);
  const detector = new EventDetector();
  const events: CommentaryEvent[] = [];
  let messages = 0;
  for await (const message of iterateSessionMessages(archive, path)) {
    messages++;
    // Replays carry no UTC either (the kernel's replay feed stamps none): offsets keep the two in step.
    const event = {topic: message.topic, offsetMs: message.offsetMs, utc: null, change: message.change};
    model.apply(event);
    events.push(...detector.observe(model.state, event));
  }
  events.push(...detector.flush(model.state));
  return {events, finalState: model.state, messages};
}
