import {describe, expect, it, vi} from "vitest";
import {openWhenIdle, precomputedSql, toQueryKey, type PrecomputedResults} from "./precomputed-sql.js";

const encode = (text: string) => Buffer.from(text).toString("base64");
const decode = (bytes: Uint8Array) => `built:${new TextDecoder().decode(bytes)}`;
const tag = (strings: TemplateStringsArray, ...params: unknown[]) => ({strings: [...strings], params});

const results: PrecomputedResults = {
  version: 1,
  engine: "DuckDB (test)",
  queries: [{key: toQueryKey(["SELECT * FROM laps"]), arrow: encode("laps")}],
  skipped: [],
};

function browserDatabase() {
  const queries: string[] = [];
  const database = vi.fn(async () => ({
    sql: async (strings: readonly string[], ...params: unknown[]) => {
      queries.push(`${strings.join("?")} ${JSON.stringify(params)}`);
      return "browser";
    },
  }));
  return {database, queries};
}

describe("precomputedSql", () => {
  it("answers the build's exact query without starting DuckDB, and decodes it once", async () => {
    const {database, queries} = browserDatabase();
    const decodeOnce = vi.fn(decode);
    const answers: string[] = [];
    const sql = precomputedSql(results, {
      decode: decodeOnce,
      database,
      onAnswer: (source) => answers.push(source),
    });
    expect(await sql(["SELECT * FROM laps"])).toBe("built:laps");
    expect(await sql(["SELECT * FROM laps"])).toBe("built:laps");
    expect(decodeOnce).toHaveBeenCalledTimes(1);
    expect(database).not.toHaveBeenCalled();
    expect(queries).toEqual([]);
    expect(answers).toEqual(["build", "build"]);
  });

  it("runs anything else in the browser's DuckDB: edited text, or parameters the build did not see", async () => {
    const {database, queries} = browserDatabase();
    const answers: string[] = [];
    const sql = precomputedSql(results, {decode, database, onAnswer: (source) => answers.push(source)});
    expect(await sql(["SELECT * FROM laps "])).toBe("browser");
    const {strings, params} = tag`SELECT * FROM laps WHERE lap_number = ${5}`;
    expect(await sql(strings, ...params)).toBe("browser");
    expect(queries).toEqual(["SELECT * FROM laps  []", "SELECT * FROM laps WHERE lap_number = ? [5]"]);
    expect(answers).toEqual(["browser", "browser"]);
  });

  it("can be told to run everything in the browser, and refuses results of another version", async () => {
    const {database} = browserDatabase();
    expect(
      await precomputedSql(results, {decode, database, useBuildResults: false})(["SELECT * FROM laps"]),
    ).toBe("browser");
    expect(() => precomputedSql({...results, version: 2 as 1}, {decode, database})).toThrow(
      /rebuild the site/,
    );
  });

  it("keys a query by its exact text and parameters", () => {
    expect(toQueryKey(["a", "b"], [1n])).toBe(toQueryKey(["a", "b"], [1]));
    expect(toQueryKey(["SELECT 1\nFROM t"])).not.toBe(toQueryKey(["SELECT 1 FROM t"]));
  });
});

describe("openWhenIdle", () => {
  it("opens once, on first use or when idle, and reports its state", async () => {
    const states: string[] = [];
    const open = vi.fn(async () => "db");
    const get = openWhenIdle(open, {onState: (state) => states.push(state)});
    expect(await get()).toBe("db");
    get.soon();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await get()).toBe("db");
    expect(open).toHaveBeenCalledTimes(1);
    expect(states).toEqual(["waiting", "starting", "ready"]);
  });

  it("waits to be armed: nothing opens before soon(), then it opens without being asked", async () => {
    const open = vi.fn(async () => "db");
    const get = openWhenIdle(open);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(open).not.toHaveBeenCalled();
    get.soon();
    get.soon();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(open).toHaveBeenCalledTimes(1);
  });

  it("waits for the page to settle before opening on its own, but not forever", async () => {
    let drawing = true;
    const open = vi.fn(async () => "db");
    const get = openWhenIdle(open, {settled: () => !drawing, maxWaitMs: 400});
    get.soon();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(open).not.toHaveBeenCalled();
    drawing = false;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(open).toHaveBeenCalledTimes(1);

    const stuck = vi.fn(async () => "db");
    openWhenIdle(stuck, {settled: () => false, maxWaitMs: 100}).soon();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stuck).toHaveBeenCalledTimes(1);
  });

  it("is armed by the SQL tag's first answer, even one the build gave", async () => {
    const open = vi.fn(async () => ({sql: async () => "browser"}));
    const sql = precomputedSql(results, {decode, database: openWhenIdle(open)});
    expect(await sql(["SELECT * FROM laps"])).toBe("built:laps");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(open).toHaveBeenCalledTimes(1);
  });

  it("reports a failure, and passes the error to whoever asks", async () => {
    const states: string[] = [];
    const get = openWhenIdle(async () => Promise.reject(new Error("no wasm")), {
      onState: (state) => states.push(state),
    });
    await expect(get()).rejects.toThrow("no wasm");
    expect(states).toEqual(["waiting", "starting", "failed"]);
  });
});
