// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {PitTable} from "./pit-table.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("PitTable", () => {
  it("lists stops in lap order with pit-lane time and tyre fitted", async () => {
    const stops = [
      {
        driver: "BBB",
        driver_number: 4,
        stop_number: 1,
        lap_number: 20,
        pit_duration: 22.41,
        compound_after: "HARD",
      },
      {
        driver: "AAA",
        driver_number: 1,
        stop_number: 1,
        lap_number: 18,
        pit_duration: 21.9,
        compound_after: "HARD",
      },
      {driver: "AAA", driver_number: 1, stop_number: 2, lap_number: null, pit_duration: null},
    ];
    const table = await expectSnapshot("pit-table.html", () => PitTable(stops));
    expect([...table.querySelectorAll("td[data-column='lap_number']")].map((td) => td.textContent)).toEqual([
      "18",
      "20",
      "",
    ]);
    expect(table.querySelector("td[data-column='pit_duration']")?.getAttribute("data-value")).toBe("21.9");
  });
});
