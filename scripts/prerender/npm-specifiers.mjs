// Module resolution hook (node:module register): the notebook code that the build draws with imports Plot
// and d3 the way Framework pages do, as `npm:@observablehq/plot`; in Node those are the installed packages.
export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier.startsWith("npm:") ? specifier.slice("npm:".length) : specifier, context);
}
