// The part of Observable Inputs the build draws with (the package ships no types).
declare module "@observablehq/inputs" {
  export function select(data: readonly unknown[], options?: Record<string, unknown>): HTMLElement;
}
