import {inflateSync} from "node:zlib";

// The text of a PDF, for checking what a printed report says. Enough of the format for what Chromium writes:
// objects with Flate-compressed streams, Type0/TrueType fonts with ToUnicode CMaps, and text shown with
// Tj/TJ in content streams. Not a general PDF reader (no encryption, no object streams).

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

/** Extracts the text of every page, in page order, one string per page. */
export function extractPdfText(pdf: Buffer): string[] {
  if (!pdf.subarray(0, 5).toString("latin1").startsWith("%PDF-"))
    throw new Error("Not a PDF: the file does not start with %PDF-.");
  const objects = readObjects(pdf);
  const cmaps = new Map<number, Map<string, string>>();
  const cmapOf = (fontId: number): Map<string, string> => {
    if (!cmaps.has(fontId)) {
      const ref = /\/ToUnicode\s+(\d+)\s+\d+\s+R/.exec(objects.get(fontId)?.dict ?? "");
      const stream = ref ? objects.get(Number(ref[1]))?.stream : null;
      cmaps.set(fontId, stream ? parseCMap(stream.toString("latin1")) : new Map());
    }
    return cmaps.get(fontId)!;
  };
  return orderPages(objects).map((pageId) => {
    const page = objects.get(pageId)!;
    const fonts = readFontNames(resolveDict(page.dict, "Resources", objects), objects);
    const text = readContentIds(page.dict).map((id) => objects.get(id)?.stream?.toString("latin1") ?? "");
    return text.map((content) => showText(content, (name) => cmapOf(fonts.get(name) ?? -1))).join("\n");
  });
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString("latin1");
  const objects = new Map<number, PdfObject>();
  const header = /(\d+)\s+0\s+obj\b/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text))) {
    const start = match.index + match[0].length;
    const end = text.indexOf("endobj", start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const streamAt = body.search(/\bstream\r?\n/);
    let stream: Buffer | null = null;
    let dict = body;
    if (streamAt >= 0) {
      dict = body.slice(0, streamAt);
      const dataStart = start + streamAt + (/\bstream\r\n/.test(body.slice(streamAt, streamAt + 8)) ? 8 : 7);
      const dataEnd = text.lastIndexOf("endstream", end);
      const raw = pdf.subarray(dataStart, dataEnd);
      stream = /\/FlateDecode/.test(dict) ? inflate(raw) : raw;
    }
    objects.set(Number(match[1]), {dict, stream});
    header.lastIndex = end;
  }
  return objects;
}

function inflate(raw: Buffer): Buffer {
  // A stream may end with the newline before "endstream"; zlib stops at its own end marker.
  try {
    return inflateSync(raw);
  } catch {
    return inflateSync(raw, {finishFlush: 2});
  }
}

/** Page object ids in document order: from the page tree when there is one, else in file order. */
function orderPages(objects: Map<number, PdfObject>): number[] {
  const pages = [...objects].filter(([, object]) => /\/Type\s*\/Page\b/.test(object.dict)).map(([id]) => id);
  const root = [...objects].find(
    ([, object]) => /\/Type\s*\/Pages\b/.test(object.dict) && !/\/Parent\b/.test(object.dict),
  );
  if (!root) return pages;
  const ordered: number[] = [];
  const walk = (id: number) => {
    const object = objects.get(id);
    if (!object) return;
    if (/\/Type\s*\/Page\b/.test(object.dict)) return void ordered.push(id);
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(object.dict)?.[1] ?? "";
    for (const kid of kids.matchAll(/(\d+)\s+\d+\s+R/g)) walk(Number(kid[1]));
  };
  walk(root[0]);
  return ordered.length > 0 ? ordered : pages;
}

/** The dictionary under `key`, inline (`/Key << ... >>`) or by reference (`/Key 5 0 R`). */
function resolveDict(dict: string, key: string, objects: Map<number, PdfObject>): string {
  const ref = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dict);
  if (ref) return objects.get(Number(ref[1]))?.dict ?? "";
  const at = dict.search(new RegExp(`/${key}\\s*<<`));
  return at < 0 ? "" : balanced(dict, dict.indexOf("<<", at));
}

function balanced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length - 1; i++) {
    if (text.startsWith("<<", i)) {
      depth++;
      i++;
    } else if (text.startsWith(">>", i)) {
      depth--;
      i++;
      if (depth === 0) return text.slice(open, i + 1);
    }
  }
  return text.slice(open);
}

function readFontNames(resources: string, objects: Map<number, PdfObject>): Map<string, number> {
  const fonts = resolveDict(resources, "Font", objects);
  return new Map(
    [...fonts.matchAll(/\/([^\s/<>[\]()]+)\s+(\d+)\s+\d+\s+R/g)].map((m) => [m[1]!, Number(m[2])]),
  );
}

function readContentIds(dict: string): number[] {
  const array = /\/Contents\s*\[([^\]]*)\]/.exec(dict);
  if (array) return [...array[1]!.matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => Number(m[1]));
  const single = /\/Contents\s+(\d+)\s+\d+\s+R/.exec(dict);
  return single ? [Number(single[1])] : [];
}

/** A ToUnicode CMap as code (hex) → text, from its bfchar and bfrange sections. */
export function parseCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const toText = (hex: string) =>
    String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((unit) => parseInt(unit, 16)));
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of section[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(code!.toUpperCase(), toText(text!));
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, from, to, text] of section[1]!.matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g,
    )) {
      const first = parseInt(from!, 16);
      const base = parseInt(text!, 16);
      for (let code = first; code <= parseInt(to!, 16); code++) {
        map.set(
          code.toString(16).toUpperCase().padStart(from!.length, "0"),
          String.fromCodePoint(base + code - first),
        );
      }
    }
  }
  return map;
}

/** The text a content stream shows: strings of Tj/TJ decoded with the current font's CMap, breaks at Td/T*. */
function showText(content: string, cmapFor: (fontName: string) => Map<string, string>): string {
  // One pass over the tokens (names, strings, array brackets, numbers, operators), operands kept until their
  // operator: linear in the stream's length, which for a page of charts is hundreds of kilobytes.
  const token =
    /\/([^\s/<>[\]()]+)|<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)|(\[)|(\])|(-?\d*\.?\d+)|([A-Za-z'"*]+)/g;
  type Operand = {name: string} | {text: string} | {number: number} | {array: Operand[]};
  let cmap = new Map<string, string>();
  let operands: Operand[] = [];
  let array: Operand[] | null = null;
  let out = "";
  const decode = (operand: Operand) => ("text" in operand ? operand.text : "");
  for (const m of content.matchAll(token)) {
    let operand: Operand | null = null;
    if (m[1] != null) operand = {name: m[1]};
    else if (m[2] != null) operand = {text: decodeHex(m[2].replace(/\s/g, ""), cmap)};
    else if (m[3] != null) operand = {text: decodeLiteral(m[3], cmap)};
    else if (m[4] != null) array = [];
    else if (m[5] != null) {
      operand = {array: array ?? []};
      array = null;
    } else if (m[6] != null) operand = {number: Number(m[6])};
    else if (m[7] != null) {
      const operator = m[7];
      if (operator === "Tf" && operands.length >= 2 && "name" in operands[operands.length - 2]!) {
        cmap = cmapFor((operands[operands.length - 2] as {name: string}).name);
      } else if (operator === "Tj" || operator === "'" || operator === '"')
        out += decode(operands.at(-1) ?? {number: 0});
      else if (operator === "TJ") {
        const items = (operands.at(-1) as {array?: Operand[]} | undefined)?.array ?? [];
        for (const item of items) out += "number" in item ? (item.number < -200 ? " " : "") : decode(item);
      } else if (operator === "Td" || operator === "TD") out += " ";
      else if (operator === "T*" || operator === "Tm" || operator === "ET") out += "\n";
      operands = [];
    }
    if (operand) {
      if (array && !("array" in operand)) array.push(operand);
      else operands.push(operand);
    }
  }
  return out
    .replace(/[ \t]+/g, " ")
    .replace(/ *\n+ */g, "\n")
    .trim();
}

function decodeHex(hex: string, cmap: Map<string, string>): string {
  const width = [...cmap.keys()][0]?.length ?? 2;
  let text = "";
  for (let i = 0; i < hex.length; i += width) {
    const code = hex.slice(i, i + width).toUpperCase();
    text += cmap.get(code) ?? String.fromCharCode(parseInt(code, 16));
  }
  return text;
}

function decodeLiteral(literal: string, cmap: Map<string, string>): string {
  const bytes = literal.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, escape: string) =>
    /^[0-7]/.test(escape)
      ? String.fromCharCode(parseInt(escape, 8))
      : ({n: "\n", r: "\r", t: "\t", b: "\b", f: "\f"}[escape] ?? escape),
  );
  if (cmap.size === 0) return bytes;
  return [...bytes]
    .map((char) => cmap.get(char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")) ?? char)
    .join("");
}
