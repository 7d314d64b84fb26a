import {createReadStream} from "node:fs";
import {pipeline} from "node:stream/promises";

/**
 * Runs a Framework data loader: `produce` returns the path of a finished Parquet file, which is streamed to
 * stdout. Logs go to stderr; any failure prints what to do next and exits non-zero, so Framework keeps no
 * partial output.
 */
export async function runLoader(name: string, produce: () => Promise<string>): Promise<void> {
  try {
    const path = await produce();
    await pipeline(createReadStream(path), process.stdout);
  } catch (error) {
    process.stderr.write(`${name}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

/** The value of a `--name=value` argument, as Framework passes the parameters of `[name]` loaders. */
export function getLoaderParam(name: string, argv: readonly string[] = process.argv): string {
  const prefix = `--${name}=`;
  const arg = argv.find((value) => value.startsWith(prefix));
  if (!arg)
    throw new Error(`missing --${name}=<value>: run this loader through Framework or pass it by hand.`);
  return arg.slice(prefix.length);
}
