import {describe, expect, it} from "vitest";
import {parseCsv} from "./parse-csv.js";

describe("parseCsv", () => {
  it("reads plain and quoted fields, with embedded commas, quotes and line breaks", () => {
    const text = 'id,name,note\n1,"Monza, Italy","the ""temple"" of speed"\n2,"two\nlines",plain\n';
    const {header, records, problems} = parseCsv(text, "t.csv");
    expect(header).toEqual(["id", "name", "note"]);
    expect(records).toEqual([
      {line: 2, fields: ["1", "Monza, Italy", 'the "temple" of speed']},
      {line: 3, fields: ["2", "two\nlines", "plain"]},
    ]);
    expect(problems).toEqual([]);
  });

  it("strips a byte-order mark and accepts CRLF, a missing final newline and blank lines", () => {
    const text = '\uFEFFa,b\r\n1,2\r\n\r\n"3",\r\n4,"x\r\ny"';
    const {header, records} = parseCsv(text, "t.csv");
    expect(header).toEqual(["a", "b"]);
    expect(records).toEqual([
      {line: 2, fields: ["1", "2"]},
      {line: 4, fields: ["3", ""]},
      {line: 5, fields: ["4", "x\r\ny"]},
    ]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(parseCsv("a,b,c\n,,\n", "t.csv").records[0]?.fields).toEqual(["", "", ""]);
  });

  it("skips a record with text after a closing quote, naming the line, and keeps the rest", () => {
    const {records, problems} = parseCsv('a,b\n1,"x"y\n2,ok\n', "bad.csv");
    expect(records).toEqual([{line: 3, fields: ["2", "ok"]}]);
    expect(problems).toEqual([{source: "bad.csv", line: 2, message: 'unexpected "y" after a closing quote'}]);
  });

  it("reports an unterminated quote at the line where the record starts", () => {
    const {records, problems} = parseCsv('a,b\n1,2\n3,"never closed\n4,5\n', "bad.csv");
    expect(records).toEqual([{line: 2, fields: ["1", "2"]}]);
    expect(problems).toEqual([{source: "bad.csv", line: 3, message: "unterminated quoted field"}]);
  });

  it("answers an empty header for empty text", () => {
    expect(parseCsv("", "empty.csv")).toEqual({header: [], records: [], problems: []});
  });
});
