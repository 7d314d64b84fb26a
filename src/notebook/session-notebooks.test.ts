import {describe, expect, it} from "vitest";
import {pickSessionNotebooks} from "./session-notebooks.js";

const folders = (facts: Parameters<typeof pickSessionNotebooks>[0]) =>
  pickSessionNotebooks(facts).map((n) => n.folder);

describe("pickSessionNotebooks", () => {
  it("gives races a race report and qualifying sessions the qualifying notebook", () => {
    expect(folders({session_name: "Sprint", has_laps: true, has_car_data: false})).toEqual([
      "session",
      "race",
      "models",
      "pace",
      "telemetry",
      "sql",
    ]);
    expect(folders({session_name: "Qualifying", has_laps: true, has_car_data: true})).toEqual([
      "session",
      "pace",
      "qualifying",
      "telemetry",
      "sql",
    ]);
    expect(folders({session_name: "Sprint Qualifying", has_laps: true, has_car_data: false})).toContain(
      "qualifying",
    );
  });

  it("leaves out what a partial archive cannot feed", () => {
    expect(folders({session_name: "Race", has_laps: false, has_car_data: false})).toEqual([
      "session",
      "race",
      "models",
      "sql",
    ]);
    expect(folders({session_name: "Practice 1", has_laps: false, has_car_data: false})).toEqual([
      "session",
      "sql",
    ]);
  });
});
