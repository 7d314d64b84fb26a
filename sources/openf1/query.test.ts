import {describe, expect, it} from "vitest";
import {parseOpenF1Query} from "../../test/fakes/openf1-filter.js";
import {createOpenF1Client} from "./client.js";
import {toQueryString} from "./query.js";

const latest = {session_key: 9606, meeting_key: 1246};

describe("toQueryString", () => {
  it("puts OpenF1's operators in the query string itself", () => {
    expect(toQueryString({session_key: 9159, driver_number: 55, speed: {gte: 315}})).toBe(
      "session_key=9159&driver_number=55&speed%3E=315",
    );
    expect(toQueryString({pit_duration: {lt: 31}, lap_number: {gt: 3, lte: 8}})).toBe(
      "pit_duration%3C31&lap_number%3E3&lap_number%3C=8",
    );
  });

  it("formats dates as ISO UTC and escapes what OpenF1 would misread", () => {
    expect(
      toQueryString({date: {gte: new Date(Date.UTC(2024, 8, 22, 12)), lt: "2024-09-22T12:05:00+00:00"}}),
    ).toBe("date%3E=2024-09-22T12:00:00.000Z&date%3C2024-09-22T12:05:00%2B00:00");
    expect(toQueryString({flag: "BLACK AND WHITE", is_pit_out_lap: true})).toBe(
      "flag=BLACK%20AND%20WHITE&is_pit_out_lap=true",
    );
  });

  it("is read back by OpenF1's parsing rules as the same conditions", () => {
    const query = toQueryString({
      session_key: 9606,
      speed: {gt: 315},
      date: {gte: "2024-09-22T12:00:00", lt: "2024-09-22T12:05:00.250+00:00"},
    });
    const conditions = parseOpenF1Query(query, latest);
    expect(conditions.map(({field, op}) => `${field}${op}`)).toEqual([
      "session_key=",
      "speed>",
      "date>=",
      "date<",
    ]);
    expect(conditions[1]!.value).toBe(315);
    expect(conditions[3]!.value).toEqual({
      micros: Date.UTC(2024, 8, 22, 12, 5, 0, 250) * 1000,
      hasTime: true,
    });
  });

  it("rejects a value that is not a string, number, boolean or date", () => {
    expect(() => toQueryString({driver_number: null})).toThrow(/want a string, number, boolean or Date/);
  });
});

describe("urlFor", () => {
  it("builds the same URL the mirror recorded", () => {
    const client = createOpenF1Client({} as never);
    expect(client.urlFor("laps", {session_key: 9606})).toBe(
      "https://api.openf1.org/v1/laps?session_key=9606",
    );
    expect(createOpenF1Client({} as never, {baseUrl: "http://x/v1/"}).urlFor("meetings")).toBe(
      "http://x/v1/meetings",
    );
  });
});
