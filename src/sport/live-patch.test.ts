import {describe, expect, it} from "vitest";
import {applyPatch, composePatches, diffState} from "./live-patch.js";

const clone = <T>(value: T): T => structuredClone(value);

describe("diffState / applyPatch", () => {
  const cases: [string, unknown, unknown][] = [
    ["equal objects", {a: 1, b: {c: [1, 2]}}, {a: 1, b: {c: [1, 2]}}],
    ["changed leaf", {a: 1, b: {c: 2}}, {a: 1, b: {c: 3}}],
    ["added and removed keys", {a: 1, b: 2}, {a: 1, c: {d: null}}],
    ["list that grows", {list: [{m: "a"}]}, {list: [{m: "a"}, {m: "b"}, {m: "c"}]}],
    ["list that shrinks", {list: [1, 2, 3]}, {list: [1]}],
    ["list element changed in place", {list: [{x: 1, y: 2}, {x: 3}]}, {list: [{x: 1, y: 5}, {x: 3}]}],
    ["object becomes null", {w: {t: 1}}, {w: null}],
    ["null becomes object", {w: null}, {w: {t: 1, u: [1]}}],
    ["array becomes object", {s: [1, 2]}, {s: {a: 1}}],
  ];
  for (const [name, before, after] of cases) {
    it(`round-trips: ${name}`, () => {
      const patch = diffState(before, after);
      if (JSON.stringify(before) === JSON.stringify(after)) return expect(patch).toBeUndefined();
      expect(applyPatch(clone(before), clone(patch))).toEqual(after);
    });
  }

  it("sends only the new entries of a list that grows", () => {
    expect(diffState({list: [1, 2]}, {list: [1, 2, 3]})).toEqual({list: {2: 3}});
  });

  it("composes consecutive patches into one with the same effect", () => {
    const states: unknown[] = [
      {a: {b: 1, c: [1]}, d: 1},
      {a: {b: 2, c: [1, 2]}},
      {a: {c: [1, 2, 3]}, d: {e: 1}},
      {a: 5, d: {e: 2, f: [0]}},
      {a: {x: 1}, d: {f: [0, 1]}},
    ];
    for (let from = 0; from < states.length - 1; from++) {
      let composed: unknown = diffState(states[from], states[from + 1]);
      for (let to = from + 2; to < states.length; to++) {
        composed = composePatches(composed, diffState(states[to - 1], states[to]) ?? {});
        expect(applyPatch(clone(states[from]), clone(composed))).toEqual(states[to]);
      }
    }
  });
});
