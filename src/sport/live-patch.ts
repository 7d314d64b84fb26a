// Patches between two versions of the live state: what the kernel sends as deltas and the notebook client
// applies. The rules are the F1 feed's own (objects merge, arrays update by index key, `_deleted` removes),
// so one mental model covers the raw feed and the kernel's deltas. Pure functions, no I/O.

type Json = unknown;
type JsonObject = Record<string, unknown>;

function isObject(value: Json): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The patch that turns `previous` into `next`, or undefined when they are equal. Objects give a patch of
 * their changed keys (removed keys under `_deleted`); an array that grew or changed in place gives an object
 * of its changed indices, so a list that only gains entries costs only the new entries; anything else is
 * replaced whole (`_replace: true` marks an object that replaces rather than merges). The patch may share parts
 * of `next`: do not mutate `next` afterwards.
 */
export function diffState(previous: Json, next: Json): Json | undefined {
  if (previous === next) return undefined;
  if (isObject(previous) && isObject(next)) {
    const patch: JsonObject = {};
    let changed = false;
    for (const key in next) {
      const change = diffState(previous[key], next[key]);
      if (change !== undefined || (!(key in previous) && next[key] === undefined)) {
        patch[key] = change;
        changed = true;
      }
    }
    const removed = Object.keys(previous).filter((key) => !(key in next));
    if (removed.length > 0) {
      patch._deleted = removed;
      changed = true;
    }
    return changed ? patch : undefined;
  }
  if (Array.isArray(previous) && Array.isArray(next)) {
    if (next.length < previous.length) return next;
    const patch: JsonObject = {};
    let changed = false;
    for (let i = 0; i < next.length; i++) {
      const change = i < previous.length ? diffState(previous[i], next[i]) : next[i];
      if (change !== undefined) {
        patch[i] = change;
        changed = true;
      }
    }
    return changed ? patch : undefined;
  }
  if (
    typeof previous === "number" &&
    typeof next === "number" &&
    Number.isNaN(previous) &&
    Number.isNaN(next)
  )
    return undefined;
  // An object would merge into the array it replaces: say it replaces.
  if (Array.isArray(previous) && isObject(next)) return {...next, _replace: true};
  return next;
}

/**
 * Applies a patch to `state` in place and returns the result (a new value when the patch replaces it).
 * The inverse of diffState: applyPatch(clone(a), diffState(a, b)) deep-equals b.
 */
export function applyPatch<T = Json>(state: Json, patch: Json): T {
  if (!isObject(patch)) return patchValue(patch) as T;
  const target: JsonObject =
    state !== null && typeof state === "object" && patch._replace !== true ? (state as JsonObject) : {};
  // Removals first: a composed patch may remove a key and then set it afresh.
  for (const removed of Array.isArray(patch._deleted) ? patch._deleted : []) delete target[String(removed)];
  for (const key in patch) {
    if (key === "_deleted" || key === "_replace") continue;
    const value = patch[key];
    target[key] = isObject(value) ? applyPatch(target[key], value) : patchValue(value);
  }
  return target as T;
}

/** Copies arrays that a patch carries whole, so later patches never write into the patch itself. */
function patchValue(value: Json): Json {
  return Array.isArray(value)
    ? value.map((item) => (item !== null && typeof item === "object" ? clone(item) : item))
    : value;
}

function clone(value: Json): Json {
  if (Array.isArray(value)) return value.map(clone);
  if (isObject(value)) {
    const copy: JsonObject = {};
    for (const key in value) copy[key] = clone(value[key]);
    return copy;
  }
  return value;
}

/** A whole value that a patch carries: objects are marked so they replace what they land on. */
function replacing(value: Json): Json {
  return isObject(value) ? {...value, _replace: true} : value;
}

/** Merges two consecutive patches into one with the same effect: applying it equals applying both in turn. */
export function composePatches(first: Json, second: Json): Json {
  if (!isObject(second)) return clone(second);
  if (!isObject(first)) return replacing(applyPatch(clone(first), clone(second)));
  if (second._replace === true) return clone(second);
  const merged = clone(first) as JsonObject;
  const removed = Array.isArray(second._deleted) ? second._deleted.map(String) : [];
  if (removed.length > 0) {
    for (const name of removed) delete merged[name];
    const earlier = Array.isArray(merged._deleted) ? merged._deleted.map(String) : [];
    merged._deleted = [...new Set([...earlier, ...removed])];
  }
  for (const key in second) {
    if (key === "_deleted") continue;
    const value = second[key];
    const before = merged[key];
    if (!isObject(value) || !(key in merged)) merged[key] = clone(value);
    else merged[key] = composePatches(before, value);
  }
  return merged;
}
