import {describe, expect, it} from "vitest";
import {applyChange, listItems} from "./merge.js";

describe("applyChange", () => {
  it("deep-merges objects key by key", () => {
    const state = applyChange(
      {Lines: {"1": {Position: "1", InPit: false}}},
      {Lines: {"1": {InPit: true}, "44": {Position: "2"}}},
    );
    expect(state).toEqual({Lines: {"1": {Position: "1", InPit: true}, "44": {Position: "2"}}});
  });

  it("replaces with an array (a list's first full state)", () => {
    expect(
      applyChange({Stints: [{Compound: "SOFT"}, {Compound: "HARD"}]}, {Stints: [{Compound: "WET"}]}),
    ).toEqual({
      Stints: [{Compound: "WET"}],
    });
  });

  it('merges a list sent as an object keyed "0", "1", ... into the array by index', () => {
    const state = applyChange(
      {Sectors: [{Value: "30.1"}, {Value: "40.2"}, {Value: ""}]},
      {Sectors: {"1": {Value: "", PreviousValue: "40.2"}, "2": {Value: "25.3"}}},
    ) as {Sectors: unknown[]};
    expect(Array.isArray(state.Sectors)).toBe(true);
    expect(state.Sectors).toEqual([{Value: "30.1"}, {Value: "", PreviousValue: "40.2"}, {Value: "25.3"}]);
  });

  it("appends to a list by the next index (race-control messages)", () => {
    const state = applyChange({Messages: [{Message: "GREEN"}]}, {Messages: {"1": {Message: "CHEQUERED"}}});
    expect(listItems((state as {Messages: unknown}).Messages)).toEqual([
      {Message: "GREEN"},
      {Message: "CHEQUERED"},
    ]);
  });

  it("removes keys listed in _deleted", () => {
    const state = applyChange(
      {BestLapTime: {Value: "1:20.000", Lap: 5}},
      {BestLapTime: {Value: "", _deleted: ["Lap"]}},
    );
    expect(state).toEqual({BestLapTime: {Value: ""}});
  });

  it("leaves a hole for a deleted list element so later indices still land right", () => {
    const state = applyChange({List: ["a", "b", "c"]}, {List: {_deleted: ["1"]}}) as {List: string[]};
    const merged = applyChange(state, {List: {"2": "C"}}) as {List: string[]};
    expect(merged.List.length).toBe(3);
    expect(1 in merged.List).toBe(false);
    expect(listItems(merged.List)).toEqual(["a", "C"]);
  });

  it("creates objects for changes that arrive before any state", () => {
    expect(applyChange(undefined, {Stints: {"0": {Compound: "SOFT"}}})).toEqual({
      Stints: {"0": {Compound: "SOFT"}},
    });
    expect(listItems({"1": "b", "0": "a", x: "not an index"})).toEqual(["a", "b"]);
  });

  it("sets primitives and null as sent", () => {
    expect(applyChange({a: {b: 1}}, {a: null, c: 0})).toEqual({a: null, c: 0});
  });
});
