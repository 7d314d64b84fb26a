const dayCache = new Map<number, number>();

/**
 * Parses an ISO UTC timestamp held in bytes ("2025-10-25T20:47:27.8777755Z": up to 7 fractional digits,
 * "Z" optional) into epoch milliseconds, rounding the fraction half up. Returns NaN when it is not one.
 */
export function parseUtcBytes(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 19 || bytes[start + 4] !== 45 || bytes[start + 10] !== 84 || bytes[start + 13] !== 58)
    return NaN;
  const year = digits(bytes, start, 4);
  const month = digits(bytes, start + 5, 2);
  const day = digits(bytes, start + 8, 2);
  const hour = digits(bytes, start + 11, 2);
  const minute = digits(bytes, start + 14, 2);
  const second = digits(bytes, start + 17, 2);
  const dayKey = year * 10000 + month * 100 + day;
  let dayMs = dayCache.get(dayKey);
  if (dayMs === undefined) {
    dayMs = Date.UTC(year, month - 1, day);
    if (dayCache.size > 1000) dayCache.clear();
    dayCache.set(dayKey, dayMs);
  }
  let ms = 0;
  let pos = start + 19;
  if (pos < end && bytes[pos] === 46) {
    pos++;
    let scale = 100;
    let rest = 0;
    let restScale = 1;
    for (; pos < end; pos++) {
      const d = bytes[pos]! - 48;
      if (d < 0 || d > 9) break;
      if (scale >= 1) {
        ms += d * scale;
        scale /= 10;
      } else {
        rest = rest * 10 + d;
        restScale *= 10;
      }
    }
    if (restScale > 1 && rest * 2 >= restScale) ms += 1;
  }
  if (pos < end && !(bytes[pos] === 90 && pos + 1 === end)) return NaN;
  return dayMs + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}
