// Puts content the build drew into a page's built HTML. A page marks each cell the build can draw with an
// element carrying `data-prerender="<name>"` around it (a <span> for an inline cell, a <div> for a block
// cell). The drawing goes just before the cell's <observablehq-loading> placeholder (or, for a cell that
// shows none, its root comment), so Framework's runtime is left untouched: it inserts the cell's own output
// after the drawing. The drawing shows while the placeholder or the root comment follows it; once anything else
// does (an element, or the text an inline cell shows), it is hidden and dropped.

const LOADING = "<observablehq-loading></observablehq-loading>";
const ROOT = "<!--:";
const CELL_OPENING = /^\s*(<div class="observablehq observablehq--block">)?$/;
const DONE_MARK = "data-pitwall-prerendered";

const STYLE = `<style ${DONE_MARK}>
.prerendered + observablehq-loading { display: none; }
.prerendered:has(+ :not(observablehq-loading)) { display: none; }
</style>`;

const SCRIPT = `<script>(() => {
  const drop = () => {
    let left = 0;
    for (const node of document.querySelectorAll(".prerendered")) {
      const next = node.nextSibling;
      const waiting = next?.nodeName === "OBSERVABLEHQ-LOADING" || (next?.nodeType === 8 && next.data.startsWith(":"));
      if (waiting) left++;
      else node.remove();
    }
    return left;
  };
  const observer = new MutationObserver(() => drop() === 0 && observer.disconnect());
  observer.observe(document.body, {childList: true, subtree: true});
})();</script>`;

export interface Injection {
  html: string;
  /** Names drawn into the page. */
  placed: string[];
}

/**
 * Returns `html` with each fragment (name → markup) placed at its `data-prerender` marker. Throws when a
 * fragment has no marker (the page and its drawing code have drifted apart) or the page is already drawn.
 */
export function injectPrerendered(html: string, fragments: ReadonlyMap<string, string>): Injection {
  if (html.includes(DONE_MARK))
    throw new Error("this page already holds drawings from the build: rebuild it first");
  let out = html;
  const placed: string[] = [];
  for (const [name, markup] of fragments) {
    const openings = ["span", "div"].map((tag) => `<${tag} data-prerender="${name}">`);
    const at = firstOf(out, openings, 0);
    if (at < 0)
      throw new Error(
        `no data-prerender="${name}" marker in the page: add it around the cell, or stop drawing "${name}" at build time`,
      );
    const opening = openings.find((candidate) => out.startsWith(candidate, at))!;
    const after = at + opening.length;
    const cell = firstOf(out, [LOADING, ROOT], after);
    // Framework writes the cell first thing inside the marker: the placeholder itself for an inline cell,
    // wrapped in the block cell's <div> otherwise.
    if (cell < 0 || !CELL_OPENING.test(out.slice(after, cell)))
      throw new Error(
        `data-prerender="${name}" holds no cell: put the cell's code inside the marker element`,
      );
    const tag = opening.startsWith("<span") ? "span" : "div";
    out = `${out.slice(0, cell)}<${tag} class="prerendered" data-prerendered="${name}">${markup}</${tag}>${out.slice(cell)}`;
    placed.push(name);
  }
  if (placed.length > 0) {
    out = insertBefore(out, "</head>", STYLE);
    out = insertBefore(out, "</body>", SCRIPT);
    out = deferModulePreloads(out);
  }
  return {html: out, placed};
}

const MODULE_PRELOAD = /^<link rel="modulepreload" href="([^"]+)">\n/gm;

/**
 * Framework asks for every module of the page in its <head> (`modulepreload`). Fetched and compiled at once,
 * the page's ~70 modules hold up the parsing of the HTML behind them, and with it the drawings: measured on
 * the race report, the first drawing showed after ~1.1 s instead of ~0.5 s. So the build asks for them
 * after the first frame is painted (or after a second, whichever comes first), still well before the page's
 * code needs them.
 */
export function deferModulePreloads(html: string): string {
  const hrefs = [...html.matchAll(MODULE_PRELOAD)].map((match) => match[1]!);
  if (hrefs.length === 0) return html;
  const script = `<script>(() => {
  let done = false;
  const preload = () => {
    if (done) return;
    done = true;
    for (const href of ${JSON.stringify(hrefs)}) {
      const link = document.createElement("link");
      link.rel = "modulepreload";
      link.href = href;
      document.head.append(link);
    }
  };
  requestAnimationFrame(() => setTimeout(preload, 0));
  setTimeout(preload, 1000);
})();</script>`;
  return insertBefore(html.replace(MODULE_PRELOAD, ""), "</body>", script);
}

function firstOf(text: string, needles: readonly string[], from: number): number {
  const found = needles.map((needle) => text.indexOf(needle, from)).filter((at) => at >= 0);
  return found.length > 0 ? Math.min(...found) : -1;
}

function insertBefore(html: string, closing: string, content: string): string {
  const at = html.lastIndexOf(closing);
  if (at < 0) throw new Error(`the page has no ${closing}`);
  return `${html.slice(0, at)}${content}\n${html.slice(at)}`;
}
