import {readdirSync, readFileSync} from "node:fs";
import {join, relative} from "node:path";
import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {projectRoot} from "../../sources/settings.js";
import {RaceControlList} from "../../src/components/live/race-control-list.js";
import {TimingTower} from "../../src/components/live/timing-tower.js";
import type {LiveDriver} from "../../src/sport/kernel-messages.js";
import {TimingModel} from "../../kernel/timing/timing-model.js";

// Text from outside (race control, driver and team names, commentary) may hold HTML. Every page must show it as
// text: the components build DOM nodes with textContent, and nothing on any page parses strings as HTML.
const HOSTILE = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"'&`;

/** Files a page runs: every notebook and every component (tests and generated caches aside). */
function pageSources(): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, {withFileTypes: true})) {
      if (entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(md|ts|js)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push(path);
    }
  };
  for (const folder of ["src/pages", "src/components", "src/notebook"]) walk(join(projectRoot, folder));
  return files;
}

describe("outside text containing HTML or script", () => {
  it("no page or component hands a string to the HTML parser", () => {
    const sinks =
      /\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|srcdoc/;
    const found: string[] = [];
    const files = pageSources();
    expect(files.length).toBeGreaterThan(20);
    for (const file of files)
      for (const [index, line] of readFileSync(file, "utf8").split("\n").entries())
        if (sinks.test(line)) found.push(`${relative(projectRoot, file)}:${index + 1}: ${line.trim()}`);
    expect(found).toEqual([]);
  });

  it("a hostile race-control message and driver name travel through the timing model and render as text", () => {
    const model = new TimingModel("hostile");
    model.apply({
      topic: "DriverList",
      offsetMs: 0,
      utc: null,
      change: {
        "1": {RacingNumber: "1", Tla: HOSTILE, FullName: HOSTILE, TeamName: HOSTILE, TeamColour: "FF0000"},
      },
    });
    model.apply({
      topic: "RaceControlMessages",
      offsetMs: 1,
      utc: null,
      change: {Messages: [{Utc: "2025-05-03T16:00:00", Category: "Other", Message: HOSTILE}]},
    });
    const {window} = new JSDOM("<!doctype html><body></body>", {runScripts: "dangerously"});
    const document = window.document;
    document.body.append(
      RaceControlList(model.state.raceControl, {document}),
      TimingTower(model.state.drivers as Record<string, LiveDriver>, {document}),
    );
    expect(model.state.raceControl.at(-1)?.message).toBe(HOSTILE);
    expect(document.querySelectorAll("img, script")).toHaveLength(0);
    expect(document.body.textContent).toContain(HOSTILE);
    expect((window as unknown as {__pwned?: number}).__pwned).toBeUndefined();
  });
});
