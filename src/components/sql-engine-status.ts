import type {EngineState} from "../notebook/precomputed-sql.js";

/** What the status line needs to know about the build's answers. */
export interface PrecomputedSummary {
  engine: string;
  queries: readonly unknown[];
}

/**
 * A line saying where a page's SQL results come from (the build, or DuckDB-WASM in this browser) and whether
 * changed queries can run yet; `update` follows the browser engine's state. Carries `data-state` for tests.
 */
export function sqlEngineStatus(
  precomputed: PrecomputedSummary,
  {useBuildResults = true, doc = globalThis.document}: {useBuildResults?: boolean; doc?: Document} = {},
): {element: HTMLParagraphElement; update: (state: EngineState) => void} {
  const element = doc.createElement("p");
  element.className = "sql-engine muted";
  element.id = "sql-engine";
  const source =
    useBuildResults && precomputed.queries.length > 0
      ? `SQL cells show results computed when this report was built (${precomputed.engine}).`
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
  update("waiting");
  return {element, update};
}
