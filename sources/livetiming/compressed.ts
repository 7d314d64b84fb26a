import {Buffer} from "node:buffer";
import {inflateRawSync} from "node:zlib";

/**
 * `.z` topics (CarData.z, Position.z) carry, on each line, a JSON string holding base64 of raw DEFLATE
 * (no zlib header) of a JSON document. This inflates one payload; it throws a readable Error when the
 * base64 or the DEFLATE data is corrupt (Buffer.from would silently drop bad base64 characters).
 */
export function inflatePayload(payload: string): Buffer {
  const base64 = unquote(payload);
  const deflated = Buffer.from(base64, "base64");
  // Buffer.from skips characters outside the alphabet, so a short result means the text was corrupt.
  if (deflated.length !== decodedLength(base64)) {
    const badAt = Math.max(0, findInvalidBase64(base64));
    throw new Error(
      `invalid base64 at character ${badAt + 1} of the payload (${JSON.stringify(base64.slice(badAt, badAt + 8))})`,
    );
  }
  try {
    return inflateRawSync(deflated, {chunkSize: OUTPUT_CHUNK});
  } catch (error) {
    throw new Error(`payload is not valid raw DEFLATE data (${(error as Error).message})`, {cause: error});
  }
}

// A payload inflates to 4-7 KB. zlib's default 16 KB output buffer per call means ~75 MB of fresh memory for
// one session's telemetry; 8 KB buffers cost a third less time in a fresh process (measured cold, 6 runs each).
const OUTPUT_CHUNK = 8192;

/** Decodes one `.z` payload to the JSON value it holds. */
export function decodeCompressed(payload: string): unknown {
  const inflated = inflatePayload(payload);
  try {
    return JSON.parse(inflated.toString("utf8"));
  } catch (error) {
    throw new Error(`inflated payload is not valid JSON (${(error as Error).message})`, {cause: error});
  }
}

function unquote(payload: string): string {
  const trimmed = payload.trim();
  if (trimmed.length >= 2 && trimmed.charCodeAt(0) === 34 && trimmed.charCodeAt(trimmed.length - 1) === 34) {
    const inner = trimmed.slice(1, -1);
    // Base64 never needs JSON escapes; only parse when there is one.
    return inner.includes("\\") ? (JSON.parse(trimmed) as string) : inner;
  }
  throw new Error(`payload is not a JSON string of base64 (${JSON.stringify(trimmed.slice(0, 20))})`);
}

function decodedLength(base64: string): number {
  if (base64.length % 4 !== 0) return -1;
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/** Index of the first character that cannot appear in padded base64, or -1 when the text is valid. */
export function findInvalidBase64(text: string): number {
  if (text.length === 0) return 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isAlphabet =
      (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (c === 61) {
      padding++;
      if (padding > 2) return i;
    } else if (!isAlphabet || padding > 0) {
      return i;
    }
  }
  return text.length % 4 === 0 ? -1 : text.length - 1;
}
