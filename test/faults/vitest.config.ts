import {defineConfig} from "vitest/config";

// npm run test:faults: kernel nodes as real processes on Redis, killed and starved on purpose. Minutes long
// (a source stalls for 30 s twice), so it stays out of the default unit run; one file at a time.
export default defineConfig({
  test: {
    include: ["test/faults/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
