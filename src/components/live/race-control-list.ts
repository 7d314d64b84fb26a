import type {LiveRaceControlMessage} from "../../sport/kernel-messages.js";

export interface RaceControlListOptions {
  /** Newest messages shown; defaults to 12. */
  limit?: number;
  document?: Document;
}

/** Race-control messages, newest first, with their lap and UTC time. */
export function RaceControlList(
  messages: readonly LiveRaceControlMessage[] | undefined,
  {limit = 12, document: doc = globalThis.document}: RaceControlListOptions = {},
): HTMLOListElement {
  const list = doc.createElement("ol");
  list.className = "race-control";
  for (const message of [...(messages ?? [])].reverse().slice(0, limit)) {
    const item = doc.createElement("li");
    const time = message.date == null ? "" : new Date(message.date).toISOString().slice(11, 19);
    item.textContent = `${time}${message.lap == null ? "" : ` L${message.lap}`} ${message.message}`;
    if (message.flag) item.dataset.flag = message.flag;
    list.append(item);
  }
  return list;
}
