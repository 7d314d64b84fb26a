import {describe, expect, it} from "vitest";
import {
  applyCommentaryChange,
  MAX_COMMENTARY_LINES,
  pickCommentaryLines,
  toCommentaryText,
  type LiveCommentary,
  type LiveCommentaryLine,
} from "./commentary.js";
import {applyPatch, diffState} from "./live-patch.js";

function line(id: string, order: number, fields: Partial<LiveCommentaryLine> = {}): LiveCommentaryLine {
  return {
    id,
    eventId: id,
    kind: "overtake",
    priority: 50,
    style: "casual",
    length: "short",
    lap: 3,
    utc: null,
    headline: "PIA passes ANT for the lead",
    drivers: [81, 12],
    source: "claude",
    reason: null,
    status: "queued",
    tokens: [],
    detectedAt: 0,
    order,
    ...fields,
  };
}

describe("applyCommentaryChange", () => {
  it("opens, streams, restarts and closes a line without touching the previous state", () => {
    let state: LiveCommentary | null = null;
    state = applyCommentaryChange(state, {op: "open", line: line("a", 1)});
    const opened = state;
    state = applyCommentaryChange(state, {op: "append", id: "a", text: "Piastri"});
    state = applyCommentaryChange(state, {op: "append", id: "a", text: " leads!"});
    expect(opened.lines.a!.tokens).toEqual([]);
    expect(toCommentaryText(state.lines.a!)).toBe("Piastri leads!");
    expect(state.lines.a!.status).toBe("streaming");
    state = applyCommentaryChange(state, {
      op: "replace",
      id: "a",
      source: "template",
      reason: "grounding",
      tokens: ["PIA P1."],
    });
    state = applyCommentaryChange(state, {op: "close", id: "a"});
    expect(state.lines.a).toMatchObject({
      source: "template",
      reason: "grounding",
      tokens: ["PIA P1."],
      status: "done",
    });
  });

  it("costs a one-token patch per appended token (what the kernel sends), and the client rebuilds the text", () => {
    const before = applyCommentaryChange(null, {op: "open", line: line("a", 1, {tokens: ["One", " two"]})});
    const after = applyCommentaryChange(before, {op: "append", id: "a", text: " three"});
    const patch = diffState(before, after);
    expect(patch).toEqual({lines: {a: {status: "streaming", tokens: {2: " three"}}}});
    const client = applyPatch<LiveCommentary>(structuredClone(before), structuredClone(patch));
    expect(toCommentaryText(client.lines.a!)).toBe("One two three");
  });

  it("keeps the newest lines only, and ignores changes to lines it no longer holds or malformed changes", () => {
    let state: LiveCommentary | null = null;
    for (let order = 1; order <= MAX_COMMENTARY_LINES + 5; order++)
      state = applyCommentaryChange(state, {op: "open", line: line(`l${order}`, order)});
    expect(Object.keys(state!.lines)).toHaveLength(MAX_COMMENTARY_LINES);
    expect(state!.lines.l1).toBeUndefined();
    expect(applyCommentaryChange(state, {op: "append", id: "l1", text: "x"})).toBe(state);
    expect(applyCommentaryChange(state, {op: "bogus"})).toBe(state);
    expect(applyCommentaryChange(state, "<script>")).toBe(state);
  });

  it("picks one style and length, oldest first", () => {
    let state = applyCommentaryChange(null, {op: "open", line: line("b", 2)});
    state = applyCommentaryChange(state, {op: "open", line: line("a", 1)});
    state = applyCommentaryChange(state, {op: "open", line: line("c", 3, {style: "data"})});
    expect(pickCommentaryLines(state, "casual", "short").map((item) => item.id)).toEqual(["a", "b"]);
  });
});
