import {defineConfig} from "vitest/config";

// npm run test:security: hostile requests against a running kernel (auth, tokens, frames, floods, SQL
// escapes, hostile text), plus the unit suites that already cover the same doors.
export default defineConfig({
  test: {
    include: [
      "test/security/**/*.test.ts",
      "kernel/app.test.ts",
      "kernel/sql/sql-sandbox.test.ts",
      "kernel/protocol.node.test.ts",
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
