// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {expectSnapshot} from "./render-snapshot.js";
import {TimingTower} from "./timing-tower.js";

describe("TimingTower", () => {
  it("shows the order after a lap with gaps, intervals, tyres and stops", async () => {
    const rows = [
      {
        position: 2,
        driver_number: 4,
        driver: "BBB",
        team_colour: "FF8000",
        gap_to_leader_s: 1.234,
        interval_s: 1.234,
        compound: "MEDIUM",
        tyre_age_laps: 12,
        pit_stops: 1,
      },
      {
        position: 1,
        driver_number: 1,
        driver: "AAA",
        team_colour: "3671C6",
        gap_to_leader_s: 0,
        interval_s: null,
        compound: "HARD",
        tyre_age_laps: 3,
        pit_stops: 1,
      },
      {
        position: 3,
        driver_number: 16,
        driver: "CCC",
        gap_to_leader_s: null,
        laps_behind_leader: 1,
        interval_s: 30.5,
        compound: null,
        pit_stops: 0,
      },
    ];
    const table = await expectSnapshot("timing-tower.html", () => TimingTower(rows, {lap: 30}));
    expect((table as HTMLTableElement).caption?.textContent).toBe("After lap 30");
    expect(
      [...table.querySelectorAll("td[data-column='gap_to_leader_s']")].map((td) => td.textContent),
    ).toEqual(["Leader", "+1.234", "+1 lap"]);
    expect([...table.querySelectorAll("td[data-column='compound']")].map((td) => td.textContent)).toEqual([
      "H 3",
      "M 12",
      "",
    ]);
  });
});
