import type {EngineState} from "../notebook/precomputed-sql.js";

/** What the status line needs to know about the build's answers. */
export interface PrecomputedSummary {
  engine: string;
  queries: readonly unknown[];
}

/**
 * A line saying where a page's SQL results come from (the build, or DuckDB-WASM in this browser) and whether
 * changed queries can run yet; `update` follows the browser engine's state and `count` each answer's source.
 * Carries `data-state`, `data-built` and `data-browser` (answers so far) for tests.
 */
export function sqlEngineStatus(
  precomputed: PrecomputedSummary,
  {useBuildResults = true, doc = globalThis.document}: {useBuildResults?: boolean; doc?: Document} = {},
): {
  element: HTMLParagraphElement;
  update: (state: EngineState) => void;
  count: (source: "build" | "browser") => void;
} {
  const element = doc.createElement("p");
  element.className = "sql-engine muted";
  element.id = "sql-engine";
  const source =
    useBuildResults && precomputed.queries.length > 0
      ? `SQL cells show results computed when this site was built (${precomputed.engine}).`
      : "Every SQL cell runs in your browser.";
  const engine: Record<EngineState, string> = {
    waiting: "DuckDB-WASM will start for queries you change.",
    starting: "DuckDB-WASM is starting for queries you change…",
    ready: "DuckDB-WASM is ready: queries you change run in your browser.",
    failed:
      "DuckDB-WASM could not start in this browser, so changed queries cannot run here: reload, or use a browser with WebAssembly.",
  };
  const update = (state: EngineState) => {
    element.dataset.state = state;
    element.textContent = `${source} ${engine[state]}`;
  };
  const answers = {build: 0, browser: 0};
  const count = (source: "build" | "browser") => {
    answers[source] += 1;
    element.dataset.built = String(answers.build);
    element.dataset.browser = String(answers.browser);
  };
  element.dataset.built = element.dataset.browser = "0";
  update("waiting");
  return {element, update, count};
}
