import {beforeAll, describe, expect, it} from "vitest";
import {COMMENTARY_LENGTHS, COMMENTARY_STYLES, type CommentaryEvent} from "../../src/sport/commentary.js";
import type {LiveState} from "../../src/sport/kernel-messages.js";
import {archive, MIAMI_SPRINT} from "../testing/protocol-suite.js";
import {detectArchiveEvents} from "./archive-events.js";
import {toCommentaryDriver} from "./event-facts.js";
import {findUngrounded, toGroundingFacts} from "./grounding.js";
import {toTemplateLine} from "./templates.js";

const SESSIONS = [
  MIAMI_SPRINT,
  "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/",
  "2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/",
  "2025/2025-10-05_Singapore_Grand_Prix/2025-10-05_Race/",
];

describe("template commentary", () => {
  const read: {events: CommentaryEvent[]; finalState: LiveState}[] = [];
  beforeAll(async () => {
    for (const path of SESSIONS) read.push(await detectArchiveEvents(archive, path));
  }, 90_000);

  it("every line of four whole sessions, in every style and length, passes the grounding check", () => {
    let lines = 0;
    const kinds = new Set<string>();
    for (const {events, finalState} of read) {
      const roster = Object.values(finalState.drivers).map((driver) =>
        toCommentaryDriver(driver, driver.driverNumber),
      );
      for (const event of events) {
        kinds.add(event.kind);
        const facts = toGroundingFacts(event, roster);
        for (const style of COMMENTARY_STYLES) {
          for (const length of COMMENTARY_LENGTHS) {
            const line = toTemplateLine(event, style, length);
            expect(findUngrounded(line, facts), `${style}/${length}: ${line}`).toEqual([]);
            expect(line).not.toMatch(/undefined|null|NaN|\[object/);
            lines++;
          }
        }
      }
    }
    expect(lines).toBeGreaterThan(3_000);
    expect(kinds.size).toBeGreaterThanOrEqual(15);
  });

  it("is deterministic, and longer lengths say more", () => {
    const {events} = read[0]!;
    for (const event of events.slice(0, 50)) {
      expect(toTemplateLine(event, "casual", "short")).toBe(
        toTemplateLine(structuredClone(event), "casual", "short"),
      );
      expect(toTemplateLine(event, "technical", "long").length).toBeGreaterThanOrEqual(
        toTemplateLine(event, "technical", "short").length,
      );
    }
    const lead = events.find((event) => event.kind === "overtake" && event.facts.position === 1)!;
    expect(toTemplateLine(lead, "casual", "short")).toMatch(/Piastri .*Antonelli.*the lead/);
    expect(toTemplateLine(lead, "data", "medium")).toBe(
      "Lap 3: PIA P1, passing ANT. Lap 3 of 18, leader PIA.",
    );
  });
});
