import {deflateRawSync, deflateSync} from "node:zlib";
import {describe, expect, it} from "vitest";
import {decodeCompressed, findInvalidBase64, inflatePayload} from "./compressed.js";

const payload = (value: unknown) =>
  JSON.stringify(deflateRawSync(Buffer.from(JSON.stringify(value))).toString("base64"));

describe(".z payloads", () => {
  it("decodes base64 of raw DEFLATE of JSON", () => {
    const document = {
      Entries: [{Utc: "2025-10-25T20:47:27.8777755Z", Cars: {"1": {Channels: {"0": 10500}}}}],
    };
    expect(decodeCompressed(payload(document))).toEqual(document);
  });

  it("rejects invalid base64 with the position of the bad character", () => {
    const good = JSON.parse(payload({a: 1})) as string;
    const bad = `${good.slice(0, 4)}!${good.slice(5)}`;
    expect(() => inflatePayload(JSON.stringify(bad))).toThrow(/invalid base64 at character 5/);
    expect(findInvalidBase64(good)).toBe(-1);
  });

  it("rejects data that is not raw DEFLATE (a zlib header, or garbage)", () => {
    const zlibWrapped = JSON.stringify(deflateSync(Buffer.from("{}")).toString("base64"));
    expect(() => inflatePayload(zlibWrapped)).toThrow(/not valid raw DEFLATE/);
    expect(() =>
      inflatePayload(JSON.stringify(Buffer.from("not deflate at all").toString("base64"))),
    ).toThrow(/raw DEFLATE/);
  });

  it("rejects a payload that is not a JSON string", () => {
    expect(() => inflatePayload('{"Entries":[]}')).toThrow(/not a JSON string of base64/);
  });
});
