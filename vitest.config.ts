import {fileURLToPath} from "node:url";
import {defineConfig} from "vitest/config";

// Components import Plot and d3 the way Framework pages do (`npm:@observablehq/plot`); under vitest those
// names resolve to the installed packages, as src/npm-modules.d.ts tells TypeScript.
const npmAlias = (name: string) => ({
  find: new RegExp(`^npm:${name.replace("/", "\\/")}$`),
  replacement: fileURLToPath(import.meta.resolve(name)),
});

export default defineConfig({
  resolve: {alias: [npmAlias("@observablehq/plot"), npmAlias("d3")]},
  test: {
    include: ["{src,sources,store,kernel,models,scripts}/**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**", "src/.observablehq/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
