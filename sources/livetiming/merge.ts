/**
 * Deep-merges one change into a topic's state and returns the new state (the same object when it was
 * merged in place). Objects merge key by key; an array in a change replaces what was there (it is the
 * first full state of a list); an object keyed "0", "1", ... merged into an array updates those
 * elements, because the feed sends later list changes that way; `_deleted: [keys]` removes entries
 * (for arrays the element becomes a hole, so later index keys still land on the right element).
 * The change is not copied: parts of it become part of the state, so do not reuse it afterwards.
 */
export function applyChange(state: unknown, change: unknown): unknown {
  if (change === null || typeof change !== "object" || Array.isArray(change)) return change;
  const target: Record<string, unknown> =
    state !== null && typeof state === "object" ? (state as Record<string, unknown>) : {};
  const isList = Array.isArray(target);
  for (const key in change as Record<string, unknown>) {
    const value = (change as Record<string, unknown>)[key];
    if (key === "_deleted") {
      deleteKeys(target, value, isList);
      continue;
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      target[key] = applyChange(target[key], value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

function deleteKeys(target: Record<string, unknown>, keys: unknown, isList: boolean): void {
  if (!Array.isArray(keys)) return;
  for (const key of keys) {
    if (typeof key !== "string" && typeof key !== "number") continue;
    // `delete` on an array leaves a hole and keeps the indices of the other elements.
    if (isList || Object.hasOwn(target, key)) delete target[key];
  }
}

/**
 * The elements of a list as the feed holds it: an array (first full state) or an object keyed "0", "1", ...
 * (when the list was first created by a change). Holes and missing indices are skipped; order is by index.
 */
export function listItems<T = unknown>(list: unknown): T[] {
  if (Array.isArray(list)) return list.filter((item) => item !== undefined && item !== null) as T[];
  if (list === null || typeof list !== "object") return [];
  return Object.keys(list)
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => (list as Record<string, unknown>)[key])
    .filter((item) => item !== undefined && item !== null) as T[];
}

/** The element at `index` of a feed list (array or index-keyed object), or undefined. */
export function listItem<T = unknown>(list: unknown, index: number): T | undefined {
  if (list === null || typeof list !== "object") return undefined;
  return (list as Record<string, unknown>)[index] as T | undefined;
}

/** Returns `value` as an object when it is one (not an array), else undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
