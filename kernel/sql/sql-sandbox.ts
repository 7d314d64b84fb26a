import {existsSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBValue} from "@duckdb/node-api";

/** Limits of one query. */
export interface SqlLimits {
  /** Interrupted after this long, ms. */
  timeoutMs: number;
  /** At most this many rows are returned (the answer says when it was cut). */
  maxRows: number;
  /** Longest SQL text accepted, characters. */
  maxSqlLength: number;
}

export const defaultSqlLimits: SqlLimits = {timeoutMs: 10_000, maxRows: 10_000, maxSqlLength: 20_000};

export interface SqlResult {
  columns: {name: string; type: string}[];
  rows: Record<string, unknown>[];
  /** True when the query had more rows than `maxRows`. */
  truncated: boolean;
  elapsedMs: number;
}

/** A query the sandbox will not run, or that failed: the message says why and what to change. */
export class SqlRefusal extends Error {
  constructor(
    readonly code:
      "not-a-select" | "multiple-statements" | "too-long" | "timeout" | "query-error" | "bad-parameters",
    message: string,
  ) {
    super(message);
  }
}

/** Views the sandbox sets up over the table store. */
export interface SqlViews {
  /** View name → Parquet files (several files are read as one table). */
  views: Map<string, string[]>;
  /** Folders the queries may read: the store's, nothing else. */
  allowedDirectories: string[];
}

/**
 * Views over a table store folder (`<root>/<version>/<set>/<table>.parquet`): `history.<table>` for the
 * history set, and `<table>` for every session set's tables stacked together (a season of laps in one view).
 */
export function planStoreViews(storeFolder: string): SqlViews {
  const views = new Map<string, string[]>();
  const sets = existsSync(storeFolder)
    ? readdirSync(storeFolder, {withFileTypes: true}).filter(
        (entry) => entry.isDirectory() && !entry.name.endsWith(".lock"),
      )
    : [];
  for (const set of sets) {
    for (const file of readdirSync(join(storeFolder, set.name))
      .filter((name) => name.endsWith(".parquet"))
      .sort()) {
      const table = file.replace(/\.parquet$/, "");
      if (!/^[a-z_][a-z0-9_]*$/.test(table)) continue;
      const view = set.name === "history" ? `history.${table}` : table;
      views.set(view, [...(views.get(view) ?? []), join(storeFolder, set.name, file)]);
    }
  }
  return {views, allowedDirectories: existsSync(storeFolder) ? [storeFolder] : []};
}

/**
 * Read-only SQL over the Parquet store, sandboxed: DuckDB is given the store's folder as its only allowed
 * directory, external access (files, network, extensions) is switched off and the configuration locked
 * before any query runs; each query must be a single SELECT, runs with its parameters bound (never spliced
 * into the text), is interrupted at its time limit, and returns at most `maxRows` rows.
 */
export class SqlSandbox {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly views: string[],
    readonly limits: SqlLimits,
  ) {}

  static async create(plan: SqlViews, limits: Partial<SqlLimits> = {}): Promise<SqlSandbox> {
    const instance = await DuckDBInstance.create(":memory:", {threads: "2", memory_limit: "2GB"});
    const setup = await instance.connect();
    try {
      await setup.run("CREATE SCHEMA IF NOT EXISTS history");
      for (const [view, files] of plan.views) {
        const list = files.map(quoteString).join(", ");
        await setup.run(`CREATE VIEW ${view} AS SELECT * FROM read_parquet([${list}], union_by_name = true)`);
      }
      const allowed = plan.allowedDirectories.map((dir) => quoteString(dir.endsWith("/") ? dir : `${dir}/`));
      await setup.run(`SET allowed_directories = [${allowed.join(", ")}]`);
      await setup.run("SET autoinstall_known_extensions = false");
      await setup.run("SET autoload_known_extensions = false");
      await setup.run("SET enable_external_access = false");
      await setup.run("SET lock_configuration = true");
    } finally {
      setup.closeSync();
    }
    return new SqlSandbox(instance, [...plan.views.keys()].sort(), {...defaultSqlLimits, ...limits});
  }

  /** Runs one SELECT (or WITH … SELECT) with named (`$name`) or positional (`?`, `$1`) parameters. */
  async query(
    sql: string,
    params: Record<string, DuckDBValue> | DuckDBValue[] = [],
    maxRows = this.limits.maxRows,
  ): Promise<SqlResult> {
    if (sql.length > this.limits.maxSqlLength) {
      throw new SqlRefusal(
        "too-long",
        `the query is ${sql.length} characters; the limit is ${this.limits.maxSqlLength}`,
      );
    }
    const started = performance.now();
    const connection = await this.instance.connect();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, this.limits.timeoutMs);
    try {
      const statements = await connection.extractStatements(sql).catch((error: Error) => {
        throw new SqlRefusal("query-error", error.message);
      });
      if (statements.count !== 1) {
        throw new SqlRefusal(
          "multiple-statements",
          `send exactly one statement (got ${statements.count}); the sandbox runs a single SELECT`,
        );
      }
      const prepared = await statements.prepare(0).catch((error: Error) => {
        throw new SqlRefusal("query-error", error.message);
      });
      if (prepared.statementType !== StatementType.SELECT) {
        throw new SqlRefusal(
          "not-a-select",
          `only SELECT (or WITH … SELECT) queries run here; got a ${StatementType[prepared.statementType]} statement`,
        );
      }
      try {
        if (
          prepared.parameterCount > 0 ||
          (Array.isArray(params) ? params.length : Object.keys(params).length) > 0
        )
          prepared.bind(params);
      } catch (error) {
        throw new SqlRefusal(
          "bad-parameters",
          `parameters do not fit the query: ${(error as Error).message}`,
        );
      }
      const reader = await prepared.streamAndReadUntil(maxRows + 1);
      const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
      const names = reader.columnNames();
      const types = reader.columnTypes();
      return {
        columns: names.map((name, index) => ({name, type: String(types[index])})),
        rows: rows.slice(0, maxRows),
        truncated: rows.length > maxRows,
        elapsedMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      if (timedOut) {
        throw new SqlRefusal(
          "timeout",
          `the query ran past ${this.limits.timeoutMs} ms and was stopped; narrow it down`,
        );
      }
      if (error instanceof SqlRefusal) throw error;
      throw new SqlRefusal("query-error", (error as Error).message);
    } finally {
      clearTimeout(timer);
      closeQuietly(connection);
    }
  }

  close(): void {
    this.instance.closeSync();
  }
}

function closeQuietly(connection: DuckDBConnection): void {
  try {
    connection.closeSync();
  } catch {
    // Already closed by an interrupt.
  }
}

function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
