import {writeTar} from "./tar.js";

/**
 * Runs a Framework data loader that writes a .tar of finished Parquet files to stdout; `produce` returns
 * them as {name, path}. Logs go to stderr; any failure prints what to do next and exits non-zero, so
 * Framework keeps no partial output.
 */
export async function runTarLoader(
  name: string,
  produce: () => Promise<readonly {name: string; path: string}[]>,
): Promise<void> {
  try {
    await writeTar(await produce(), process.stdout);
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
