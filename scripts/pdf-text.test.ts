import {deflateSync} from "node:zlib";
import {describe, expect, it} from "vitest";
import {extractPdfText, parseCMap} from "./pdf-text.js";

// A two-page PDF written by hand the way Chromium writes one: Flate streams, a font whose ToUnicode CMap maps
// glyph ids to text, and TJ arrays with kerning.
function buildPdf(): Buffer {
  const cmap = [
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
    "2 beginbfchar <0001> <0050> <0002> <0032> endbfchar",
    "1 beginbfrange <0010> <0012> <0041> endbfrange",
    "endcmap CMapName currentdict /CMap defineresource pop end end",
  ].join("\n");
  const page1 = "BT /F1 12 Tf 10 700 Td [<0001>] TJ 0 -14 Td [<0010> -400 <00110012>] TJ ET";
  const page2 = "BT /F1 12 Tf 1 0 0 1 10 700 Tm <0002> Tj ET";
  const stream = (id: number, text: string) => {
    const data = deflateSync(Buffer.from(text, "latin1"));
    return Buffer.concat([
      Buffer.from(`${id} 0 obj\n<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`, "latin1"),
      data,
      Buffer.from("\nendstream\nendobj\n", "latin1"),
    ]);
  };
  return Buffer.concat([
    Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", "latin1"),
    Buffer.from("2 0 obj\n<< /Type /Pages /Kids [4 0 R 3 0 R] /Count 2 >>\nendobj\n", "latin1"),
    Buffer.from(
      "3 0 obj\n<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 7 0 R >>\nendobj\n",
      "latin1",
    ),
    Buffer.from(
      "4 0 obj\n<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents [6 0 R] >>\nendobj\n",
      "latin1",
    ),
    Buffer.from("5 0 obj\n<< /Type /Font /Subtype /Type0 /ToUnicode 8 0 R >>\nendobj\n", "latin1"),
    stream(6, page1),
    stream(7, page2),
    stream(8, cmap),
  ]);
}

describe("extractPdfText", () => {
  it("decodes each page's text through the font's ToUnicode CMap, in page-tree order", () => {
    expect(extractPdfText(buildPdf())).toEqual(["P A BC", "2"]);
  });

  it("refuses what is not a PDF", () => {
    expect(() => extractPdfText(Buffer.from("<html>"))).toThrow("Not a PDF");
  });
});

describe("parseCMap", () => {
  it("reads bfchar and bfrange entries", () => {
    const map = parseCMap("beginbfchar <03> <0041> endbfchar beginbfrange <0a> <0b> <0061> endbfrange");
    expect([...map]).toEqual([
      ["03", "A"],
      ["0A", "a"],
      ["0B", "b"],
    ]);
  });
});
