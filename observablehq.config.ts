import {listDynamicPaths} from "./scripts/dynamic-paths.js";

// Everything the site needs is served from this machine: npm packages come from the cache that
// `npm run npm-cache` fills from node_modules, DuckDB runs without extensions (pages decode Parquet
// with parquet-wasm and hand DuckDB Arrow tables), and no web fonts are linked.
export default {
  root: "src",
  // PITWALL_DIST builds elsewhere than dist/ (a second checkout's tests need not wait on another's build).
  output: process.env.PITWALL_DIST ?? "dist",
  title: "PitWall",
  globalStylesheets: [],
  duckdb: {extensions: {json: null, parquet: null}},
  // An inline icon: without one the browser asks the server for /favicon.ico, which does not exist.
  head: `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#e10600"/></svg>',
  )}">`,
  search: true,
  // Parameterized notebooks are reached from each session's overview (home page → session); the sidebar
  // shows one worked example of each, and the guide to writing your own.
  pages: [
    {name: "Live dashboard", path: "/pages/live/"},
    {name: "Write your own notebook", path: "/pages/write-your-own"},
    {
      name: "Example notebooks",
      open: true,
      pages: [
        {name: "Season hub: 2023", path: "/pages/season/2023"},
        {name: "Race report: Miami 2025 sprint", path: "/pages/race/2025-miami-grand-prix-sprint"},
        {name: "Race report: Baku 2018", path: "/pages/race/2018-azerbaijan-grand-prix-race"},
        {name: "Pace: Baku 2018", path: "/pages/pace/2018-azerbaijan-grand-prix-race"},
        {
          name: "Qualifying: Mexico City 2025",
          path: "/pages/qualifying/2025-mexico-city-grand-prix-qualifying",
        },
        {
          name: "Telemetry: Mexico City 2025",
          path: "/pages/telemetry/2025-mexico-city-grand-prix-qualifying",
        },
        {name: "SQL workbench: Miami 2025 sprint", path: "/pages/sql/2025-miami-grand-prix-sprint"},
      ],
    },
  ],
  dynamicPaths: listDynamicPaths,
  footer: [
    "Data: F1 live timing © Formula One World Championship Limited, used for analysis;",
    'Ergast database (CC0); <a href="https://api.jolpi.ca/">Jolpica</a>;',
    '<a href="https://openf1.org/">OpenF1</a> (CC BY-NC-SA 4.0). PitWall is not affiliated with Formula 1.',
  ].join(" "),
};
