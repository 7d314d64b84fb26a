import {mkdtemp, mkdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {readSettings} from "./settings.js";

describe("readSettings", () => {
  let root: string;
  let project: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "pitwall-settings-"));
    project = join(root, "main");
    await mkdir(project);
  });
  afterEach(async () => {
    await rm(root, {recursive: true, force: true});
  });

  it("uses ../shared/data beside the checkout by default, and the internet when there is none", async () => {
    expect(readSettings({}, project)).toMatchObject({mirror: null, mirrorOrigin: "none"});
    await mkdir(join(root, "shared", "data"), {recursive: true});
    expect(readSettings({}, project)).toMatchObject({
      mirror: join(root, "shared", "data"),
      mirrorOrigin: "default",
    });
    expect(readSettings({}, project).cacheDir).toBe(join(project, ".pitwall"));
  });

  it("lets pitwall.config.json choose, and PITWALL_MIRROR override it (none = the internet)", async () => {
    await writeFile(
      join(project, "pitwall.config.json"),
      JSON.stringify({mirror: "/data/mirror", cacheDir: "cache"}),
    );
    expect(readSettings({}, project)).toMatchObject({
      mirror: "/data/mirror",
      mirrorOrigin: "pitwall.config.json",
      cacheDir: join(project, "cache"),
    });
    expect(readSettings({PITWALL_MIRROR: "elsewhere"}, project)).toMatchObject({
      mirror: join(project, "elsewhere"),
      mirrorOrigin: "PITWALL_MIRROR",
    });
    expect(readSettings({PITWALL_MIRROR: "none"}, project).mirror).toBeNull();
    expect(readSettings({PITWALL_CACHE_DIR: "/tmp/x"}, project).cacheDir).toBe("/tmp/x");
  });

  it("says how to fix a config file that is not JSON", async () => {
    await writeFile(join(project, "pitwall.config.json"), "{mirror: oops");
    expect(() => readSettings({}, project)).toThrow(
      /pitwall\.config\.json is not valid JSON .* Fix it or delete it/,
    );
  });
});
