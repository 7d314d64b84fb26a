import {mkdtemp, mkdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {planNotebook, scaffoldNotebook} from "./new-notebook.js";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "pitwall-new-"));
  await mkdir(join(root, "templates"));
  await writeFile(
    join(root, "templates", "session-notebook.md"),
    "# __TITLE__ for ${observable.params.session}\n",
  );
  await writeFile(join(root, "templates", "static-notebook.md"), "# __TITLE__\n");
});

afterEach(() => rm(root, {recursive: true, force: true}));

describe("npm run new", () => {
  it("scaffolds a session notebook from the template, titled from its name", async () => {
    const plan = planNotebook(["tyre-wear"], root);
    expect(plan.page).toBe(join(root, "src", "pages", "tyre-wear", "[session].md"));
    await scaffoldNotebook(plan);
    expect(await readFile(plan.page, "utf8")).toBe("# Tyre wear for ${observable.params.session}\n");
  });

  it("scaffolds a static page with --static", async () => {
    const plan = planNotebook(["champions", "--static"], root);
    await scaffoldNotebook(plan);
    expect(await readFile(join(root, "src", "pages", "champions.md"), "utf8")).toBe("# Champions\n");
  });

  it("never overwrites, and refuses bad or taken names with advice", async () => {
    const plan = planNotebook(["tyre-wear"], root);
    await scaffoldNotebook(plan);
    await expect(scaffoldNotebook(plan)).rejects.toThrow("already exists");
    expect(() => planNotebook(["Tyre Wear"], root)).toThrow("not kebab-case");
    expect(() => planNotebook(["race"], root)).toThrow("already has");
    expect(() => planNotebook([], root)).toThrow("give one notebook name");
    expect(() => planNotebook(["x", "--force"], root)).toThrow("unknown option --force");
  });
});
