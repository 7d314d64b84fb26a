import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {prerenderSite, type PageDrawer} from "./site.js";

// A built site in miniature: two pages of one notebook, one attaching its data file the way Framework
// registers it (content-hashed path under _file/), one not.
const page = (session: string, registered: boolean) => `<!DOCTYPE html><html><head>
<script type="module">
${registered ? `registerFile("../../data/demo/${session}.json", {"name":"../../data/demo/${session}.json","mimeType":"application/json","path":"../../_file/data/demo/${session}.0123abcd.json","lastModified":1,"size":20});` : ""}
</script>
</head><body><main>
<h1><span data-prerender="title"><observablehq-loading></observablehq-loading><!--:aa11:--></span></h1>
</main></body></html>`;

const demo: PageDrawer = {
  folder: "demo",
  draw: async ({session, attachment}) => {
    const data = await attachment<{title: string}>(`../../data/demo/${session}.json`);
    return new Map([["title", `${data.title} <${session}>`]]);
  },
};

describe("prerenderSite", () => {
  let site: string;
  beforeEach(async () => {
    site = await mkdtemp(join(tmpdir(), "pitwall-prerender-"));
    await mkdir(join(site, "dist/pages/demo"), {recursive: true});
    await mkdir(join(site, "dist/_file/data/demo"), {recursive: true});
    await mkdir(join(site, "src/pages/demo"), {recursive: true});
    await writeFile(join(site, "src/pages/demo/[session].md"), "# Demo\n");
    await writeFile(join(site, "dist/pages/demo/one.html"), page("one", true));
    await writeFile(join(site, "dist/_file/data/demo/one.0123abcd.json"), JSON.stringify({title: "First"}));
    await writeFile(join(site, "dist/pages/demo/two.html"), page("two", false));
  });
  afterEach(() => rm(site, {recursive: true, force: true}));

  it("draws each page from the files it attaches; a page it cannot draw is left as built, with the reason", async () => {
    const report = await prerenderSite({
      distDir: join(site, "dist"),
      srcDir: join(site, "src"),
      Inputs: {select: () => document.createElement("form")},
      drawers: [demo],
    });
    expect(report.drawn).toEqual(["demo/one"]);
    expect(report.skipped).toEqual([
      {page: "demo/two", reason: "the page does not attach ../../data/demo/two.json"},
    ]);
    expect(await readFile(join(site, "dist/pages/demo/one.html"), "utf8")).toContain(
      '<span class="prerendered" data-prerendered="title">First &lt;one&gt;</span><observablehq-loading>',
    );
    expect(await readFile(join(site, "dist/pages/demo/two.html"), "utf8")).toBe(page("two", false));
    expect((await readdir(join(site, "dist/pages/demo"))).sort()).toEqual(["one.html", "two.html"]);
  });
});
