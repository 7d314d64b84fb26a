// The byte readers for the two big telemetry topics. Each accepts only the exact layout the feed sends and
// returns false on anything else (the caller then uses JSON.parse), so they can stay strict and simple.
// Each is one function with the per-sample work written out in its loop: ~350 000 samples per topic, and a
// single loop is compiled early and as a unit, where a helper call per field cost a third more (more still
// in a fresh process, before the helpers are optimized).
import {Buffer} from "node:buffer";
import type {CarDataBuilder, PositionBuilder} from "./telemetry.js";
import {parseUtcBytes} from "./utc-bytes.js";

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const MINUS = 45;
const DOT = 46;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

/** Column slot of a CarData channel (RPM, speed, gear, throttle, brake, DRS), or -1 for channels we do not keep. */
export function channelSlot(channel: number): number {
  switch (channel) {
    case 0:
      return 0;
    case 2:
      return 1;
    case 3:
      return 2;
    case 4:
      return 3;
    case 5:
      return 4;
    case 45:
      return 5;
    default:
      return -1;
  }
}

/** Matches `text` at `at`; returns the position after it, or -1. */
function literal(bytes: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return -1;
  return at + text.length;
}

/** Position of the quote closing a string that starts at `at`, or -1 (escapes never occur in these payloads). */
function stringEnd(bytes: Uint8Array, at: number): number {
  for (let pos = at; pos < bytes.length; pos++) {
    const c = bytes[pos];
    if (c === QUOTE) return pos;
    if (c === 92) return -1;
  }
  return -1;
}

/** Date of the entry whose timestamp string starts at `at` (after the opening quote), and where it ends. */
function timestampAt(bytes: Uint8Array, at: number): {date: number; end: number} | null {
  const end = stringEnd(bytes, at);
  if (end < 0) return null;
  const date = parseUtcBytes(bytes, at, end);
  return Number.isNaN(date) ? null : {date, end};
}

/** `{"Entries":[{"Utc":"…","Cars":{"1":{"Channels":{"0":0,"2":0,…}},…}},…]}` into car_data columns. */
export function scanCarDataBytes(bytes: Uint8Array, columns: CarDataBuilder): boolean {
  let p = literal(bytes, 0, '{"Entries":[');
  if (p < 0) return false;
  if (bytes[p] === CLOSE_BRACKET) return bytes[p + 1] === CLOSE_BRACE && p + 2 === bytes.length;
  for (;;) {
    p = literal(bytes, p, '{"Utc":"');
    const stamp = p < 0 ? null : timestampAt(bytes, p);
    if (!stamp) return false;
    p = literal(bytes, stamp.end, '","Cars":{');
    if (p < 0) return false;
    while (bytes[p] === QUOTE) {
      let c = bytes[++p]!;
      let car = 0;
      const carStart = p;
      for (; c >= 48 && c <= 57; c = bytes[++p]!) car = car * 10 + c - 48;
      if (p === carStart) return false;
      p = literal(bytes, p, '":{"Channels":{');
      if (p < 0) return false;
      const row = columns.row(stamp.date, car);
      while (bytes[p] === QUOTE) {
        c = bytes[++p]!;
        let channel = 0;
        for (; c >= 48 && c <= 57; c = bytes[++p]!) channel = channel * 10 + c - 48;
        if (c !== QUOTE || bytes[p + 1] !== COLON) return false;
        p += 2;
        c = bytes[p]!;
        const negative = c === MINUS;
        if (negative) c = bytes[++p]!;
        const digits = p;
        let value = 0;
        for (; c >= 48 && c <= 57; c = bytes[++p]!) value = value * 10 + c - 48;
        if (p === digits || c === DOT || c === 101 || c === 69) return false; // not an integer
        const slot = channelSlot(channel);
        if (slot >= 0) columns.channel(row, slot, negative ? -value : value);
        if (c !== COMMA) break;
        p++;
      }
      if (bytes[p] !== CLOSE_BRACE || bytes[p + 1] !== CLOSE_BRACE) return false;
      p += 2;
      if (bytes[p] !== COMMA) break;
      p++;
    }
    if (bytes[p] !== CLOSE_BRACE || bytes[p + 1] !== CLOSE_BRACE) return false;
    p += 2;
    if (bytes[p] !== COMMA) break;
    p++;
  }
  return bytes[p] === CLOSE_BRACKET && bytes[p + 1] === CLOSE_BRACE && p + 2 === bytes.length;
}

/** `{"Position":[{"Timestamp":"…","Entries":{"1":{"Status":"OnTrack","X":0,"Y":0,"Z":0},…}},…]}` into columns. */
export function scanPositionBytes(bytes: Uint8Array, columns: PositionBuilder): boolean {
  let p = literal(bytes, 0, '{"Position":[');
  if (p < 0) return false;
  if (bytes[p] === CLOSE_BRACKET) return bytes[p + 1] === CLOSE_BRACE && p + 2 === bytes.length;
  const xyz = [0, 0, 0];
  for (;;) {
    p = literal(bytes, p, '{"Timestamp":"');
    const stamp = p < 0 ? null : timestampAt(bytes, p);
    if (!stamp) return false;
    p = literal(bytes, stamp.end, '","Entries":{');
    if (p < 0) return false;
    while (bytes[p] === QUOTE) {
      let c = bytes[++p]!;
      let car = 0;
      const carStart = p;
      for (; c >= 48 && c <= 57; c = bytes[++p]!) car = car * 10 + c - 48;
      if (p === carStart) return false;
      p = literal(bytes, p, '":{"Status":"');
      const statusEnd = p < 0 ? -1 : stringEnd(bytes, p);
      if (statusEnd < 0) return false;
      const status = statusText(bytes, p, statusEnd);
      p = statusEnd + 1;
      // ,"X":<int>,"Y":<int>,"Z":<int>  (the status string's closing quote already read)
      for (let axis = 0; axis < 3; axis++) {
        if (bytes[p] !== COMMA || bytes[p + 1] !== QUOTE || bytes[p + 2] !== 88 + axis) return false;
        if (bytes[p + 3] !== QUOTE || bytes[p + 4] !== COLON) return false;
        p += 5;
        c = bytes[p]!;
        const negative = c === MINUS;
        if (negative) c = bytes[++p]!;
        const digits = p;
        let value = 0;
        for (; c >= 48 && c <= 57; c = bytes[++p]!) value = value * 10 + c - 48;
        if (p === digits || c === DOT || c === 101 || c === 69) return false; // not an integer
        xyz[axis] = negative ? -value : value;
      }
      if (bytes[p] !== CLOSE_BRACE) return false;
      p++;
      columns.add(stamp.date, car, status, xyz[0]!, xyz[1]!, xyz[2]!);
      if (bytes[p] !== COMMA) break;
      p++;
    }
    if (bytes[p] !== CLOSE_BRACE || bytes[p + 1] !== CLOSE_BRACE) return false;
    p += 2;
    if (bytes[p] !== COMMA) break;
    p++;
  }
  return bytes[p] === CLOSE_BRACKET && bytes[p + 1] === CLOSE_BRACE && p + 2 === bytes.length;
}

// Two statuses repeat on every sample; returning shared strings avoids allocating a copy per sample.
function statusText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start === 7 && literal(bytes, start, "OnTrack") === end) return "OnTrack";
  if (end - start === 8 && literal(bytes, start, "OffTrack") === end) return "OffTrack";
  return Buffer.from(bytes.subarray(start, end)).toString("utf8");
}
