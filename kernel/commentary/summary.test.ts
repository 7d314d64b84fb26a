import {afterEach, describe, expect, it} from "vitest";
import {
  startFakeAnthropic,
  toFakeClaudeSettings,
  userText,
  type FakeAnthropic,
} from "../../test/fakes/anthropic-server.js";
import {archive, MIAMI_SPRINT} from "../testing/protocol-suite.js";
import {detectArchiveEvents} from "./archive-events.js";
import {toCommentaryDriver} from "./event-facts.js";
import {findUngrounded, toGroundingFacts} from "./grounding.js";
import {buildRaceSummary} from "./summary.js";

const BAKU_2018 = "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/";
const MEXICO_QUALIFYING = "2025/2025-10-26_Mexico_City_Grand_Prix/2025-10-25_Qualifying/";
let fake: FakeAnthropic | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

const claudeFor = (server: FakeAnthropic) => toFakeClaudeSettings(server);

describe("the post-race summary", () => {
  it("from templates: the winner, the stoppages, retirements and penalties, in the live feed's events", async () => {
    const summary = await buildRaceSummary({
      archive,
      path: BAKU_2018,
      sessionId: "2018-azerbaijan-grand-prix-race",
      claude: null,
    });
    expect(summary).toMatchObject({source: "template", reason: "no API key configured"});
    const text = summary.paragraphs.join("\n\n");
    expect(summary.paragraphs[0]).toBe(
      "Hamilton won the Azerbaijan Grand Prix Race, ahead of Raikkonen and Perez, over 51 laps.",
    );
    expect(text).toContain("The safety car came out on lap 1.");
    expect(text).toMatch(/Ericsson was given a 10 second time penalty for causing a collision/);
    expect(text).toMatch(/Fastest lap: BOT 1:45\.149\./);
    expect(summary.moments.map((moment) => moment.kind)).toContain("retirement");
    // The live feed's ids: the summary and a live replay agree on what happened.
    const live = await detectArchiveEvents(archive, BAKU_2018);
    const ids = new Set(live.events.map((event) => event.id));
    for (const moment of summary.moments) expect(ids.has(moment.id)).toBe(true);
  }, 60_000);

  it("by Claude through the fake API, grounded; an invented number is regenerated, then replaced by the template", async () => {
    fake = await startFakeAnthropic();
    fake.script({
      reply:
        "Norris won the Miami Grand Prix Sprint ahead of Piastri and Hamilton.\n\nThe safety car came out on lap 15.",
    });
    const written = await buildRaceSummary({
      archive,
      path: MIAMI_SPRINT,
      sessionId: "m",
      claude: claudeFor(fake),
    });
    expect(written).toMatchObject({source: "claude", model: "claude-haiku-4-5", reason: null});
    expect(written.paragraphs).toEqual([
      "Norris won the Miami Grand Prix Sprint ahead of Piastri and Hamilton.",
      "The safety car came out on lap 15.",
    ]);
    const prompt = userText(fake.requests[0]!.body);
    expect(prompt).toContain("- P1: NOR");
    expect(prompt).toMatch(/- lap 15: Safety car deployed/);

    fake.script({reply: "Norris won by 9.9 seconds."}, {reply: "Norris won after 99 laps."});
    const replaced = await buildRaceSummary({
      archive,
      path: MIAMI_SPRINT,
      sessionId: "m",
      claude: claudeFor(fake),
    });
    expect(replaced.source).toBe("template");
    expect(replaced.reason).toMatch(/^grounding: "99"/);
    expect(replaced.paragraphs[0]).toBe(
      "Norris won the Miami Grand Prix Sprint, ahead of Piastri and Hamilton, over 18 laps.",
    );
    expect(userText(fake.requests[2]!.body)).toMatch(/previous summary used "9\.9"/);
  }, 60_000);

  it("every template summary passes the grounding check, qualifying too", async () => {
    for (const path of [MIAMI_SPRINT, BAKU_2018, MEXICO_QUALIFYING]) {
      const summary = await buildRaceSummary({archive, path, sessionId: "s", claude: null});
      const {events, finalState} = await detectArchiveEvents(archive, path);
      const roster = Object.values(finalState.drivers).map((driver) =>
        toCommentaryDriver(driver, driver.driverNumber),
      );
      const finish = events.find((event) => event.kind === "finish")!;
      // The summary's facts as the grounding sees them: rebuilt here from what the summary reports.
      const facts = toGroundingFacts(
        {
          ...finish,
          headline: summary.moments.map((moment) => `${moment.headline} ${moment.lap ?? ""}`).join(" "),
          facts: summary.facts,
          drivers: roster,
          context: {},
        },
        roster,
      );
      for (const paragraph of summary.paragraphs)
        expect(findUngrounded(paragraph, facts), paragraph).toEqual([]);
      expect(summary.paragraphs.length).toBeGreaterThan(0);
    }
  }, 90_000);
});
