// npm run new -- <name> [--static]
// Scaffolds a notebook from templates/: src/pages/<name>/[session].md (built for every session; see
// scripts/dynamic-paths.ts), or with --static src/pages/<name>.md. Never overwrites a page.
import {existsSync} from "node:fs";
import {mkdir, readFile, writeFile} from "node:fs/promises";
import {dirname, join, relative} from "node:path";
import {projectRoot} from "../sources/settings.js";

/** Where a new notebook goes and which template it starts from. */
export interface NotebookPlan {
  page: string;
  template: string;
  title: string;
}

const usage = "usage: npm run new -- <name> [--static]   (name: lower-case words joined by dashes)";

/** Plans a notebook from the command line; throws with the usage when the name is not kebab-case. */
export function planNotebook(argv: readonly string[], root = projectRoot): NotebookPlan {
  const options = argv.filter((arg) => arg.startsWith("-"));
  const names = argv.filter((arg) => !arg.startsWith("-"));
  const unknown = options.filter((option) => option !== "--static");
  if (unknown.length > 0) throw new Error(`unknown option ${unknown[0]}\n${usage}`);
  if (names.length !== 1) throw new Error(`give one notebook name\n${usage}`);
  const name = names[0]!;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new Error(`"${name}" is not kebab-case\n${usage}`);
  const reserved = [
    "session",
    "race",
    "pace",
    "qualifying",
    "telemetry",
    "sql",
    "season",
    "live",
    "write-your-own",
  ];
  if (reserved.includes(name))
    throw new Error(`"${name}" is a notebook PitWall already has: pick another name.`);
  const isStatic = options.includes("--static");
  return {
    page: join(root, "src", "pages", isStatic ? `${name}.md` : join(name, "[session].md")),
    template: join(root, "templates", isStatic ? "static-notebook.md" : "session-notebook.md"),
    title: name.replace(/-/g, " ").replace(/^./, (first) => first.toUpperCase()),
  };
}

/** Writes the notebook; refuses to overwrite an existing page. */
export async function scaffoldNotebook(plan: NotebookPlan): Promise<void> {
  if (existsSync(plan.page))
    throw new Error(`${relative(projectRoot, plan.page)} already exists: pick another name or edit it.`);
  const text = (await readFile(plan.template, "utf8")).replaceAll("__TITLE__", plan.title);
  await mkdir(dirname(plan.page), {recursive: true});
  await writeFile(plan.page, text, {flag: "wx"});
}

async function main(): Promise<void> {
  const plan = planNotebook(process.argv.slice(2));
  await scaffoldNotebook(plan);
  const page = relative(projectRoot, plan.page);
  const path = page
    .replace(/^src/, "")
    .replace(/\.md$/, "")
    .replace("[session]", "2025-miami-grand-prix-sprint");
  process.stdout.write(
    `created ${page}\n` +
      `preview it: npm run dev, then open http://127.0.0.1:3000${path}\n` +
      (page.includes("[session]") ? "it is built for every session in the next npm run build.\n" : ""),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    process.stderr.write(`new: ${error.message}\n`);
    process.exitCode = 1;
  });
}
