import {defineConfig} from "vitest/config";

// Browser tests: real Chromium on the built site. One file at a time (each drives a browser and
// DuckDB-WASM, heavy on two cores); the site is built once first if dist/ is stale.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    globalSetup: ["test/browser/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
