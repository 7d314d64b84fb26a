import {JSDOM} from "jsdom";

// Notebook components build DOM through the global `document`, as they do in the browser. The build draws
// them in Node into a jsdom document, then copies the markup into the page's HTML.

// Functions of the window the components may call; besides these, every DOM class (NodeList, HTMLElement, ...)
// that Node lacks is copied.
const WINDOW_FUNCTIONS = ["getComputedStyle", "requestAnimationFrame", "cancelAnimationFrame"] as const;

/** Installs a jsdom window as the globals the components use; returns its document. Call once per process. */
export function installDom(): Document {
  const {window} = new JSDOM("<!DOCTYPE html><html><head></head><body><main></main></body></html>", {
    pretendToBeVisual: true,
  });
  const source = window as unknown as Record<string, unknown>;
  const define = (name: string, value: unknown) =>
    // Node 21+ has a navigator of its own, read-only: define rather than assign.
    Object.defineProperty(globalThis, name, {value, configurable: true, writable: true});
  define("window", window);
  define("document", window.document);
  define("navigator", window.navigator);
  for (const name of WINDOW_FUNCTIONS)
    define(name, (source[name] as (...args: unknown[]) => unknown).bind(window));
  for (const name of Object.getOwnPropertyNames(window)) {
    if (/^[A-Z]/.test(name) && !(name in globalThis) && typeof source[name] === "function")
      define(name, source[name]);
  }
  return window.document;
}
