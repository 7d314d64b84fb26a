// Framework resolves `npm:` imports in pages and components; these tell TypeScript they are the packages
// installed in node_modules (vitest maps them the same way).
declare module "npm:@observablehq/plot" {
  export * from "@observablehq/plot";
}
declare module "npm:d3" {
  export * from "d3";
}
