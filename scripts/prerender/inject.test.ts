import {describe, expect, it} from "vitest";
import {deferModulePreloads, injectPrerendered} from "./inject.js";

// The shapes Framework builds: a block cell inside a marker div, an inline cell inside a marker span, and a
// cell that shows no placeholder (one that declares a view).
const page = `<!DOCTYPE html><html><head><title>t</title></head><body><main>
<h1><a href="#t"><span data-prerender="title"><observablehq-loading></observablehq-loading><!--:aa11:--></span></a></h1>
<div data-prerender="chart">
<div class="observablehq observablehq--block"><observablehq-loading></observablehq-loading><!--:bb22:--></div>
</div>
<div data-prerender="picker">
<div class="observablehq observablehq--block"><!--:cc33:--></div>
</div>
<div data-prerender="empty"></div>
<div class="observablehq observablehq--block"><observablehq-loading></observablehq-loading><!--:dd44:--></div>
</main></body></html>`;

describe("injectPrerendered", () => {
  it("puts each drawing just before its cell's placeholder, or its root comment when it shows none", () => {
    const {html, placed} = injectPrerendered(
      page,
      new Map([
        ["title", "Miami 2025"],
        ["chart", "<svg></svg>"],
        ["picker", "<form></form>"],
      ]),
    );
    expect(placed).toEqual(["title", "chart", "picker"]);
    expect(html).toContain(
      '<span data-prerender="title"><span class="prerendered" data-prerendered="title">Miami 2025</span><observablehq-loading>',
    );
    expect(html).toContain(
      '<div class="observablehq observablehq--block"><div class="prerendered" data-prerendered="chart"><svg></svg></div><observablehq-loading></observablehq-loading><!--:bb22:-->',
    );
    expect(html).toContain(
      '<div class="observablehq observablehq--block"><div class="prerendered" data-prerendered="picker"><form></form></div><!--:cc33:-->',
    );
    // The rule that hides the drawings' placeholders, and the script that drops the drawings, once each.
    expect(html.match(/<style data-pitwall-prerendered>/g)).toHaveLength(1);
    expect(html.indexOf("<style data-pitwall-prerendered>")).toBeLessThan(html.indexOf("</head>"));
    expect(html.match(/MutationObserver/g)).toHaveLength(1);
  });

  it("leaves a page with nothing to draw as it is", () => {
    expect(injectPrerendered(page, new Map()).html).toBe(page);
  });

  it("refuses a drawing without a marker, a marker without a cell, and a page drawn already", () => {
    expect(() => injectPrerendered(page, new Map([["gone", "x"]]))).toThrow(
      /no data-prerender="gone" marker/,
    );
    expect(() => injectPrerendered(page, new Map([["empty", "x"]]))).toThrow(/holds no cell/);
    const drawn = injectPrerendered(page, new Map([["title", "x"]])).html;
    expect(() => injectPrerendered(drawn, new Map([["chart", "y"]]))).toThrow(/already holds drawings/);
  });
});

describe("deferModulePreloads", () => {
  it("asks for the page's modules from a script after the first frame, in the same order, instead of in <head>", () => {
    const head = `<html><head>
<link rel="stylesheet" type="text/css" href="../../_observablehq/theme.css">
<link rel="modulepreload" href="../../_observablehq/client.js">
<link rel="modulepreload" href="../../_npm/d3@7.9.2/x.js">
<script type="module">import "../../_observablehq/client.js";</script>
</head><body><main></main></body></html>`;
    const html = deferModulePreloads(head);
    expect(html).not.toContain('<link rel="modulepreload"');
    expect(html).toContain('<link rel="stylesheet" type="text/css" href="../../_observablehq/theme.css">');
    expect(html).toContain('["../../_observablehq/client.js","../../_npm/d3@7.9.2/x.js"]');
    expect(html.indexOf("requestAnimationFrame")).toBeGreaterThan(html.indexOf("</main>"));
    expect(deferModulePreloads("<html><head></head><body></body></html>")).toBe(
      "<html><head></head><body></body></html>",
    );
  });

  it("defers them only on pages that hold drawings", () => {
    const plain = '<html><head>\n<link rel="modulepreload" href="a.js">\n</head><body></body></html>';
    expect(injectPrerendered(plain, new Map()).html).toBe(plain);
  });
});
