// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {formatLapTime} from "../sport/lap-time.js";
import {DataTable} from "./data-table.js";
import {expectSnapshot} from "./render-snapshot.js";

describe("DataTable", () => {
  it("formats cells for people and keeps raw values for scripts", async () => {
    const rows = [
      {driver: "AAA", lap_number: 41, lap_duration: 92.345, compound: "HARD"},
      {driver: "BBB", lap_number: 40, lap_duration: 92.4, compound: null},
    ];
    const table = await expectSnapshot("data-table.html", () =>
      DataTable(rows, {
        className: "fastest-laps",
        columns: [
          {key: "driver", label: "Driver"},
          {key: "lap_number", label: "Lap"},
          {key: "lap_duration", label: "Time", format: (value) => formatLapTime(value as number)},
          {key: "compound", label: "Tyre"},
        ],
      }),
    );
    expect(
      [...table.querySelectorAll("td[data-column='lap_duration']")].map((td) => [
        td.textContent,
        td.getAttribute("data-value"),
      ]),
    ).toEqual([
      ["1:32.345", "92.345"],
      ["1:32.400", "92.4"],
    ]);
    expect(table.querySelectorAll("td[data-column='compound']")[1]!.hasAttribute("data-value")).toBe(false);
  });
});
