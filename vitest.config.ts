import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    include: ["{src,sources,store,kernel,models,scripts}/**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**", "src/.observablehq/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
