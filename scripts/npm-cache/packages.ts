/** A package the browser may import as `npm:<name>`, served offline from Framework's `_npm/` cache. */
export interface CachedPackage {
  name: string;
  /** Subpath entries to bundle besides the main one (`npm:<name>/<subpath>`). */
  entries?: string[];
  /** Files copied as they are (WebAssembly, workers), paths inside the package. */
  files?: string[];
  /** A module of ours (in `shims/`) that stands in for the package's main entry. */
  shim?: string;
}

/**
 * Every package pages and Framework's standard library import. Versions come from node_modules; the
 * packages these depend on (d3-array, flatbuffers, ...) are cached too, found by following imports.
 * Adding a package is one line here plus `npm i -E <name>`.
 */
export const cachedPackages: CachedPackage[] = [
  {name: "@observablehq/plot"},
  {name: "d3"},
  {name: "d3-dsv"},
  {name: "htl"},
  {name: "isoformat"},
  {name: "apache-arrow"},
  {name: "arquero"},
  {
    // Framework asks for exactly the version in its dist/duckdb.js (DUCKDB_WASM_VERSION); checked.
    name: "@duckdb/duckdb-wasm",
    files: [
      "dist/duckdb-mvp.wasm",
      "dist/duckdb-eh.wasm",
      "dist/duckdb-browser-mvp.worker.js",
      "dist/duckdb-browser-eh.worker.js",
    ],
  },
  {name: "parquet-wasm", shim: "shims/parquet-wasm.ts", files: ["esm/parquet_wasm_bg.wasm"]},
  // The predictions notebook runs the models' ONNX files in the browser (single-threaded WebAssembly). It
  // imports ORT's own WebAssembly build as shipped: re-bundled, its glue fails to start ("V is not a function").
  {
    name: "onnxruntime-web",
    files: ["dist/ort.wasm.min.mjs", "dist/ort-wasm-simd-threaded.mjs", "dist/ort-wasm-simd-threaded.wasm"],
  },
];

/**
 * Packages every importer gets from the project root rather than its own pinned copy. DuckDB-WASM
 * 1.29 pins apache-arrow 17, but pages hand it tables made by the root's apache-arrow; Framework
 * itself serves DuckDB-WASM and Arquero the latest apache-arrow for the same reason.
 */
export const sharedFromRoot: readonly string[] = ["apache-arrow"];

/**
 * Packages the standard library can import on demand but PitWall does not install. An empty
 * `_npm/<name>@<version>/` folder answers Framework's version lookup so it never asks the registry;
 * a page that really imports one fails the build with "unable to fetch", and the fix is to install
 * the package and add it to `cachedPackages`. Nothing is downloaded for these, so the version only
 * names the folder: use the one you would install.
 */
export const versionMarkers: Readonly<Record<string, string>> = {
  "@observablehq/sample-datasets": "1.0.1",
  "@uwdata/vgplot": "0.12.2",
  "@viz-js/viz": "3.11.0",
  echarts: "5.6.0",
  exceljs: "4.4.0",
  jszip: "3.10.1",
  katex: "0.16.21",
  leaflet: "1.9.4",
  lodash: "4.17.21",
  "mapbox-gl": "3.9.4",
  mermaid: "11.4.1",
  react: "19.0.0",
  "react-dom": "19.0.0",
  "sql.js": "1.12.0",
  "topojson-client": "3.1.0",
  vega: "5.30.0",
  "vega-lite": "5.23.0",
  "vega-lite-api": "5.6.0",
};
