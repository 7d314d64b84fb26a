// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {applyCommentaryChange, type LiveCommentary, type LiveCommentaryLine} from "../../sport/commentary.js";
import {CommentaryFeed} from "./commentary-feed.js";

function line(id: string, order: number, fields: Partial<LiveCommentaryLine>): LiveCommentaryLine {
  return {
    id,
    eventId: id,
    kind: "overtake",
    priority: 50,
    style: "casual",
    length: "short",
    lap: 12,
    utc: null,
    headline: "PIA passes ANT for the lead",
    drivers: [81, 12],
    source: "claude",
    reason: null,
    status: "done",
    tokens: ["Piastri", " leads!"],
    detectedAt: 0,
    order,
    ...fields,
  };
}

const HOSTILE = `<img src=x onerror="globalThis.pwned=1"><script>globalThis.pwned=2</script>`;

describe("CommentaryFeed", () => {
  it("shows the chosen style newest first, labelled by source, streaming lines marked", () => {
    let commentary: LiveCommentary | null = null;
    for (const change of [
      {op: "open", line: line("a", 1, {})},
      {
        op: "open",
        line: line("b", 2, {
          source: "template",
          reason: "no API key configured",
          tokens: ["PIA P1."],
          kind: "pit-stop",
        }),
      },
      {op: "open", line: line("c", 3, {status: "streaming", tokens: ["Safety"]})},
      {op: "open", line: line("d", 4, {style: "data"})},
    ])
      commentary = applyCommentaryChange(commentary, change);
    const feed = CommentaryFeed(commentary, {style: "casual", length: "short"});
    const items = [...feed.querySelectorAll("li")];
    expect(items.map((item) => item.dataset.line)).toEqual(["c", "b", "a"]);
    expect(items.map((item) => item.querySelector(".commentary-text")!.textContent)).toEqual([
      "Safety",
      "PIA P1.",
      "Piastri leads!",
    ]);
    expect(items[0]!.querySelector(".commentary-text")!.classList.contains("streaming")).toBe(true);
    const template = items[1]!.querySelector(".commentary-source") as HTMLElement;
    expect([template.textContent, template.title]).toEqual([
      "Template",
      "Template line: no API key configured",
    ]);
    expect(items[2]!.querySelector(".commentary-source")!.textContent).toBe("Claude");
    expect(feed.querySelector(".commentary-mode")).toBeNull();
  });

  it("says so above the feed when the newest lines come from templates", () => {
    const commentary = applyCommentaryChange(null, {
      op: "open",
      line: line("t", 1, {source: "template", reason: "API unreachable", tokens: ["PIA P1."]}),
    });
    const feed = CommentaryFeed(commentary, {style: "casual", length: "short"});
    expect(feed.querySelector(".commentary-mode")!.textContent).toBe(
      "Template commentary (API unreachable): fixed sentences filled in from the timing data, not written by Claude.",
    );
  });

  it("shows generated text as text: a hostile reply creates no element and runs nothing", () => {
    const commentary = applyCommentaryChange(null, {
      op: "open",
      line: line("x", 1, {tokens: [HOSTILE], headline: HOSTILE, reason: HOSTILE, source: "template"}),
    });
    const feed = CommentaryFeed(commentary, {style: "casual", length: "short"});
    document.body.append(feed);
    expect(feed.querySelectorAll("img, script")).toHaveLength(0);
    expect(feed.querySelector(".commentary-text")!.textContent).toBe(HOSTILE);
    expect(feed.querySelector(".commentary-headline")!.textContent).toBe(HOSTILE);
    expect((globalThis as {pwned?: number}).pwned).toBeUndefined();
    feed.remove();
  });

  it("says why there is nothing to show", () => {
    expect(CommentaryFeed(null, {style: "casual", length: "short"}).textContent).toMatch(
      /PITWALL_COMMENTARY=on/,
    );
    expect(CommentaryFeed({lines: {}}, {style: "data", length: "long"}).textContent).toMatch(/next event/);
  });
});
