// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {toMarkup} from "./markup.js";

describe("toMarkup", () => {
  it("drops every id, so the drawing never shares one with the live cell beside it", () => {
    const section = document.createElement("div");
    section.id = "lap-chart";
    section.innerHTML = '<p id="source" class="muted">from <b id="x">TimingData</b></p>';
    expect(toMarkup(section)).toBe('<div><p class="muted">from <b>TimingData</b></p></div>');
    expect(section.id).toBe("lap-chart");
  });

  it("escapes text", () => {
    expect(toMarkup("Spa <2025> & co")).toBe("Spa &lt;2025&gt; &amp; co");
  });
});
