import {existsSync} from "node:fs";
import {mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, describe, expect, it} from "vitest";
import type {Settings} from "../../sources/settings.js";
import {invalidateLoaderCache, loaderStamp, precomputedStamp, PRECOMPUTED_OUTPUTS} from "./loader-cache.js";

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, {recursive: true, force: true});
});

async function cacheWithOutput(): Promise<{cache: string; output: string}> {
  const cache = await mkdtemp(join(tmpdir(), "pitwall-loader-cache-"));
  folders.push(cache);
  await mkdir(join(cache, "data", "session"), {recursive: true});
  const output = join(cache, "data", "session", "x.tar");
  await writeFile(output, "built");
  return {cache, output};
}

const settings = (mirror: string | null): Settings => ({mirror, cacheDir: "/tmp/c", mirrorOrigin: "default"});

describe("loader cache invalidation", () => {
  it("keeps outputs while the stamp holds and clears them when it changes", async () => {
    const {cache, output} = await cacheWithOutput();
    const stamp = await loaderStamp(settings("/data/a"), {});
    // No stamp yet: nobody knows what built the outputs, so they go.
    await invalidateLoaderCache(cache, stamp);
    expect(existsSync(output)).toBe(false);
    await mkdir(join(cache, "data", "session"), {recursive: true});
    await writeFile(output, "built");
    expect(await invalidateLoaderCache(cache, stamp)).toBe(false);
    expect(existsSync(output)).toBe(true);
    const otherMirror = await loaderStamp(settings("/data/b"), {});
    expect(otherMirror).not.toBe(stamp);
    expect(await invalidateLoaderCache(cache, otherMirror)).toBe(true);
    expect(existsSync(output)).toBe(false);
  });

  it("an API key or another model at build time changes the stamp (the race summaries differ)", async () => {
    const plain = await loaderStamp(settings(null), {});
    expect(await loaderStamp(settings(null), {ANTHROPIC_API_KEY: "k"})).not.toBe(plain);
    expect(await loaderStamp(settings(null), {PITWALL_COMMENTARY_MODEL: "m"})).not.toBe(plain);
    expect(await loaderStamp(settings(null), {UNRELATED: "x"})).toBe(plain);
  });

  it("a page's SQL cells stamp only the build's answers to them: prose edits keep them, SQL edits clear them", async () => {
    const {cache, output} = await cacheWithOutput();
    const pages = await mkdtemp(join(tmpdir(), "pitwall-pages-"));
    folders.push(pages);
    await mkdir(join(pages, "race"), {recursive: true});
    const page = (prose: string, sql: string) =>
      writeFile(join(pages, "race", "[session].md"), `# ${prose}\n\n\`\`\`sql id=x\n${sql}\n\`\`\`\n`);
    const racePage = {race: "race/[session].md"};
    const answer = join(cache, "data", "precomputed", "race", "s.json");
    await page("Race", "SELECT 1");
    await invalidateLoaderCache(cache, await precomputedStamp(pages, racePage), PRECOMPUTED_OUTPUTS);
    await mkdir(join(cache, "data", "precomputed", "race"), {recursive: true});
    await writeFile(answer, "{}");
    await page("Race report", "SELECT 1");
    expect(
      await invalidateLoaderCache(cache, await precomputedStamp(pages, racePage), PRECOMPUTED_OUTPUTS),
    ).toBe(false);
    expect(existsSync(answer)).toBe(true);
    await page("Race report", "SELECT 2");
    expect(
      await invalidateLoaderCache(cache, await precomputedStamp(pages, racePage), PRECOMPUTED_OUTPUTS),
    ).toBe(true);
    expect(existsSync(answer)).toBe(false);
    expect(existsSync(output)).toBe(true);
  });

  it("stamps every page listed in PRECOMPUTED_PAGES by its SQL cells", async () => {
    const stamp = JSON.parse(await precomputedStamp()) as Record<string, {id: string}[]>;
    expect(Object.keys(stamp).sort()).toEqual([
      "qualifying/[session].md",
      "race/[session].md",
      "session/[session].md",
    ]);
    expect(stamp["race/[session].md"]!.map((cell) => cell.id)).toContain("classification");
  });
});
