// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {ClassificationTable} from "./classification-table.js";
import {expectSnapshot} from "./render-snapshot.js";

const rows = [
  {
    position: 1,
    driver_number: 1,
    driver: "AAA",
    team: "Red Bull Racing",
    team_colour: "3671C6",
    number_of_laps: 57,
    status: "Finished",
    gap_to_leader_s: null,
    laps_behind_leader: null,
    best_lap_duration: 92.1,
  },
  {
    position: 2,
    driver_number: 4,
    driver: "BBB",
    team: "McLaren",
    team_colour: "FF8000",
    number_of_laps: 57,
    status: "Finished",
    gap_to_leader_s: 5.478,
    laps_behind_leader: null,
    best_lap_duration: 92.05,
  },
  {
    position: 3,
    driver_number: 16,
    driver: "CCC",
    team: "Ferrari",
    team_colour: "E8002D",
    number_of_laps: 56,
    status: "Finished",
    gap_to_leader_s: null,
    laps_behind_leader: 1,
    best_lap_duration: 92.9,
  },
  {
    position: null,
    driver_number: 22,
    driver: "DDD",
    team: "RB",
    team_colour: null,
    number_of_laps: 12,
    status: "Retired",
    gap_to_leader_s: null,
    laps_behind_leader: null,
    best_lap_duration: null,
  },
];

describe("ClassificationTable", () => {
  it("shows a race's gaps, lapped cars and retirements", async () => {
    const table = await expectSnapshot("classification-table-race.html", () =>
      ClassificationTable(rows, {kind: "race"}),
    );
    const gaps = [...table.querySelectorAll("td[data-column='gap_to_leader_s']")].map((td) => td.textContent);
    expect(gaps).toEqual(["Winner", "+5.478", "+1 lap", ""]);
    expect(table.querySelector("td[data-column='position']")?.getAttribute("data-value")).toBe("1");
  });

  it("shows a timed session's best laps and gaps to the best", async () => {
    const table = await expectSnapshot("classification-table-timed.html", () =>
      ClassificationTable(rows, {kind: "timed"}),
    );
    expect(
      [...table.querySelectorAll("td[data-column='gap_to_best_s']")].map((td) => td.textContent),
    ).toEqual(["", "-0.050", "+0.800", ""]);
  });
});
