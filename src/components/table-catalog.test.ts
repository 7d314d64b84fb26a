// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {pitStopsTable, weatherTable} from "../sport/session-tables.js";
import {expectSnapshot} from "./render-snapshot.js";
import {TableCatalog} from "./table-catalog.js";

describe("TableCatalog", () => {
  it("lists each table's rows, absence and columns", async () => {
    const catalog = await expectSnapshot("table-catalog.html", () =>
      TableCatalog([pitStopsTable, weatherTable], {
        rowCounts: new Map([
          ["pit_stops", 1234],
          ["weather", 0],
        ]),
        absent: new Map([["weather", "WeatherData.jsonStream is not in the archive"]]),
      }),
    );
    expect(catalog.querySelector("[data-table='pit_stops'] .row-count")?.getAttribute("data-value")).toBe(
      "1234",
    );
    expect(catalog.querySelector("[data-table='weather'] summary")?.textContent).toContain(
      "absent: WeatherData",
    );
    expect(catalog.querySelectorAll("[data-table='pit_stops'] tbody tr")).toHaveLength(
      Object.keys(pitStopsTable.columns).length,
    );
  });
});
