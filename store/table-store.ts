import {createHash} from "node:crypto";
import {existsSync} from "node:fs";
import {mkdir, readFile, readdir, rename, rm, stat, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {projectRoot} from "../sources/settings.js";
import type {TableSpec} from "../src/sport/schema.js";
import {fingerprintFiles} from "./fingerprint.js";
import {rowCount, writeParquet, type TableData} from "./parquet-writer.js";

/** A set of tables built together (one session, or the history), with what was absent and skipped. */
export interface TableSet {
  tables: ReadonlyMap<TableSpec, TableData>;
  /** Why each absent table could not be built, by table name. */
  absent: Readonly<Record<string, string>>;
  /** Input skipped while building, formatted "file:line: message". */
  problems: readonly string[];
}

/** What the store knows about a finished set: written last, so its presence means the set is complete. */
export interface Manifest {
  version: string;
  fingerprint: string;
  /** Source files the fingerprint was taken of, so freshness can be checked without the sources' code. */
  sourceFiles: string[];
  builtAt: string;
  tables: Record<string, {rows: number; status: "present" | "absent"; reason: string | null}>;
  problems: string[];
}

const MANIFEST = "manifest.json";

/** What a set is built from: source files (fingerprinted by size and time) or, for remote data, a key. */
export type SourceStamp = {files: string[]; key?: undefined} | {key: string; files?: undefined};

async function fingerprintStamp(stamp: SourceStamp): Promise<string> {
  return stamp.files ? `files:${await fingerprintFiles(stamp.files)}` : `key:${stamp.key}`;
}

/**
 * Parquet tables on disk, one folder per set, under a folder named after the code version that parsed them.
 * A set is rebuilt when its manifest is missing or its source fingerprint changed; stale parses from an older
 * parser are never served because they live under another version folder.
 */
export class TableStore {
  constructor(
    readonly root: string,
    readonly version: string,
  ) {}

  /** Folder of a set's Parquet files. */
  folder(setId: string): string {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(setId)) throw new Error(`Invalid table set id "${setId}"`);
    return join(this.root, this.version, setId);
  }

  /** Path of one table's Parquet file inside a set. */
  tablePath(setId: string, tableName: string): string {
    return join(this.folder(setId), `${tableName}.parquet`);
  }

  /** The manifest of a complete set, or null when the set was never finished. */
  async readManifest(setId: string): Promise<Manifest | null> {
    try {
      return JSON.parse(await readFile(join(this.folder(setId), MANIFEST), "utf8")) as Manifest;
    } catch {
      return null;
    }
  }

  /**
   * Returns the set's manifest, building it first when missing or built from other source files. Concurrent
   * callers (Framework runs loaders in parallel) wait for one build instead of racing.
   */
  async ensure(setId: string, stamp: SourceStamp, build: () => Promise<TableSet>): Promise<Manifest> {
    const fingerprint = await fingerprintStamp(stamp);
    const current = await this.readManifest(setId);
    if (current?.fingerprint === fingerprint) return current;
    return this.withLock(setId, async () => {
      const again = await this.readManifest(setId);
      if (again?.fingerprint === fingerprint) return again;
      const set = await build();
      reportProblems(setId, set.problems);
      return this.write(setId, fingerprint, stamp.files ?? [], set);
    });
  }

  /**
   * The manifest of a complete set whose source files are unchanged since it was built, or null. This needs
   * no catalog of sources, so a loader serving an already-built set stays cheap.
   */
  async readFreshManifest(setId: string): Promise<Manifest | null> {
    const manifest = await this.readManifest(setId);
    if (!manifest || manifest.sourceFiles.length === 0) return null;
    const fingerprint = await fingerprintStamp({files: manifest.sourceFiles});
    return fingerprint === manifest.fingerprint ? manifest : null;
  }

  /** The set's tables as tar members: `<table>.parquet` and their paths. */
  tableFiles(setId: string, manifest: Manifest): {name: string; path: string}[] {
    return Object.keys(manifest.tables).map((table) => ({
      name: `${table}.parquet`,
      path: this.tablePath(setId, table),
    }));
  }

  private async write(
    setId: string,
    fingerprint: string,
    sourceFiles: string[],
    set: TableSet,
  ): Promise<Manifest> {
    const folder = this.folder(setId);
    await mkdir(folder, {recursive: true});
    await rm(join(folder, MANIFEST), {force: true});
    // Temporary files left by a writer that was killed (we hold the lock, so none is being written now).
    for (const name of await readdir(folder)) {
      if (name.endsWith(".tmp")) await rm(join(folder, name), {force: true});
    }
    const tables: Manifest["tables"] = {};
    // Tables are written concurrently: each COPY runs on DuckDB's own threads, so they overlap.
    await Promise.all(
      [...set.tables].map(([spec, rows]) => writeParquet(spec, rows, join(folder, `${spec.name}.parquet`))),
    );
    for (const [spec, rows] of set.tables) {
      const reason = set.absent[spec.name] ?? null;
      tables[spec.name] = {rows: rowCount(rows), status: reason == null ? "present" : "absent", reason};
    }
    const manifest: Manifest = {
      version: this.version,
      fingerprint,
      sourceFiles,
      builtAt: new Date().toISOString(),
      tables,
      problems: [...set.problems],
    };
    const temp = join(folder, `${MANIFEST}.${process.pid}.tmp`);
    await writeFile(temp, JSON.stringify(manifest, null, 2));
    await rename(temp, join(folder, MANIFEST));
    return manifest;
  }

  private async withLock<T>(setId: string, work: () => Promise<T>): Promise<T> {
    const lock = `${this.folder(setId)}.lock`;
    await mkdir(join(this.root, this.version), {recursive: true});
    for (let attempt = 0; ; attempt++) {
      try {
        await mkdir(lock);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (await isStaleLock(lock)) {
          await rm(lock, {recursive: true, force: true});
          continue;
        }
        if (attempt > 3000) {
          throw new Error(`Timed out waiting for ${lock}; delete it if no build is running.`, {cause: error});
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await writeFile(join(lock, "pid"), String(process.pid));
    try {
      return await work();
    } finally {
      await rm(lock, {recursive: true, force: true});
    }
  }
}

const SHOWN_PROBLEMS = 20;

/** Prints what was skipped while building a set, "file:line: message", on stderr (the first few, then a count). */
function reportProblems(setId: string, problems: readonly string[]): void {
  const skipped = problems.filter((problem) => !problem.startsWith("note:"));
  if (skipped.length === 0) return;
  process.stderr.write(`${setId}: skipped ${skipped.length} broken input item(s), kept the rest:\n`);
  for (const problem of skipped.slice(0, SHOWN_PROBLEMS)) process.stderr.write(`  ${problem}\n`);
  if (skipped.length > SHOWN_PROBLEMS) {
    process.stderr.write(
      `  ... and ${skipped.length - SHOWN_PROBLEMS} more, listed in ${setId}/manifest.json\n`,
    );
  }
}

async function isStaleLock(lock: string): Promise<boolean> {
  try {
    const pid = Number(await readFile(join(lock, "pid"), "utf8"));
    if (!pid) return (await stat(lock)).mtimeMs < Date.now() - 10_000;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ESRCH") return true;
    if (code === "ENOENT")
      return !existsSync(lock) ? false : (await stat(lock)).mtimeMs < Date.now() - 10_000;
    return false;
  }
}

/**
 * Version of the code that turns sources into tables: a hash of its source files. Any change to a parser,
 * the vocabulary or the store yields a new version, so the cache can never serve a stale parse.
 */
export async function codeVersion(folders: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const folder of folders) {
    for (const file of await listSourceFiles(join(projectRoot, folder))) {
      hash.update(file.slice(projectRoot.length));
      hash.update(await readFile(file));
    }
  }
  return hash.digest("hex").slice(0, 12);
}

async function listSourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, {withFileTypes: true, recursive: true});
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
