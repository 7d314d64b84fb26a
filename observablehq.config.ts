import {listDynamicPaths} from "./scripts/dynamic-paths.js";

// Everything the site needs is served from this machine: npm packages come from the cache that
// `npm run npm-cache` fills from node_modules, DuckDB runs without extensions (pages decode Parquet
// with parquet-wasm and hand DuckDB Arrow tables), and no web fonts are linked.
export default {
  root: "src",
  title: "PitWall",
  globalStylesheets: [],
  duckdb: {extensions: {json: null, parquet: null}},
  // An inline icon: without one the browser asks the server for /favicon.ico, which does not exist.
  head: `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#e10600"/></svg>',
  )}">`,
  search: true,
  dynamicPaths: listDynamicPaths,
  footer: [
    "Data: F1 live timing © Formula One World Championship Limited, used for analysis;",
    'Ergast database (CC0); <a href="https://api.jolpi.ca/">Jolpica</a>;',
    '<a href="https://openf1.org/">OpenF1</a> (CC BY-NC-SA 4.0). PitWall is not affiliated with Formula 1.',
  ].join(" "),
};
