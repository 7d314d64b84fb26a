import {expect, vi, type MockInstance} from "vitest";

// Test helpers for components: a chart's markup as a stable, line-per-tag text to compare with a committed
// snapshot, and a guard that fails the test when Plot warns (it reports problems through console.warn).

/** Serialises an element one tag per line, so snapshot diffs point at the mark that changed. */
export function toSnapshotText(element: Element): string {
  return `${element.outerHTML.replace(/></g, ">\n<")}\n`;
}

/** Starts watching console.warn; call the returned function at the end of the test to fail on any warning. */
export function watchWarnings(): () => void {
  const warn: MockInstance = vi.spyOn(console, "warn").mockImplementation(() => {});
  return () => {
    const calls = warn.mock.calls.map((args) => args.map(String).join(" "));
    warn.mockRestore();
    expect(calls, "Plot warned").toEqual([]);
  };
}

/** Renders with `render`, fails on warnings, and compares the markup with `__snapshots__/<name>`. */
export async function expectSnapshot(name: string, render: () => Element): Promise<Element> {
  const stopWatching = watchWarnings();
  const element = render();
  stopWatching();
  await expect(toSnapshotText(element)).toMatchFileSnapshot(`./__snapshots__/${name}`);
  return element;
}
