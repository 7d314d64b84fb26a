import type {Problem} from "../../src/sport/problems.js";

/** One record of a CSV file: its fields and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A parsed CSV file: the header, the records after it, and the records that could not be read. */
export interface CsvText {
  header: string[];
  records: CsvRecord[];
  problems: Problem[];
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Parses RFC 4180 CSV (quoted fields, embedded commas, quotes and line breaks, CRLF or LF, optional BOM).
 * Blank lines are ignored; a record that cannot be read (unterminated quote, text after a closing quote)
 * is skipped and named in `problems`, so one bad record never loses the rest of the file.
 */
export function parseCsv(text: string, source: string): CsvText {
  const cursor = openCsv(text, source);
  const records: CsvRecord[] = [];
  for (let record = cursor.next(); record; record = cursor.next()) records.push(record);
  return {header: cursor.header, records, problems: cursor.problems};
}

/** Reads records one at a time, so a large file's records can be converted and dropped as they come. */
export interface CsvCursor {
  header: string[];
  /** Records skipped so far; complete once next() has answered null. */
  problems: Problem[];
  /** The next record after the header, or null at the end. */
  next(): CsvRecord | null;
}

/** Opens CSV text for reading record by record (same rules as parseCsv). */
export function openCsv(text: string, source: string): CsvCursor {
  const scanner = new Scanner(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, source);
  const header = scanner.next()?.fields ?? [];
  return {header, problems: scanner.problems, next: () => scanner.next()};
}

class Scanner {
  readonly problems: Problem[] = [];
  private position = 0;
  private line = 1;
  private nextQuote = -1;
  private nextCr = -1;

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {}

  /** The next non-blank, well-formed record, or null at the end of the text. */
  next(): CsvRecord | null {
    const {text} = this;
    while (this.position < text.length) {
      const code = text.charCodeAt(this.position);
      if (code === LF || code === CR) {
        this.skipLineEnd();
        continue;
      }
      const line = this.line;
      const fields = this.readSimpleLine() ?? this.readRecord(line);
      if (fields) return {line, fields};
    }
    return null;
  }

  /**
   * Fast path for the common case, a line without quotes or stray carriage returns: split it natively.
   * Returns null (reading nothing) when the line needs the full scanner.
   */
  private readSimpleLine(): string[] | null {
    const {text, position} = this;
    const newline = text.indexOf("\n", position);
    const lineEnd = newline < 0 ? text.length : newline;
    if (this.nextQuote < position) this.nextQuote = indexOrEnd(text, '"', position);
    if (this.nextCr < position) this.nextCr = indexOrEnd(text, "\r", position);
    if (this.nextQuote < lineEnd) return null;
    const contentEnd = this.nextCr < lineEnd ? this.nextCr : lineEnd;
    if (contentEnd < lineEnd && contentEnd !== lineEnd - 1) return null;
    this.position = lineEnd;
    if (newline >= 0) this.skipLineEnd();
    return text.slice(position, contentEnd).split(",");
  }

  /** Reads fields up to the end of the record; null (and a problem) when the record is malformed. */
  private readRecord(line: number): string[] | null {
    const {text} = this;
    const fields: string[] = [];
    for (;;) {
      const field = text.charCodeAt(this.position) === QUOTE ? this.readQuoted(line) : this.readPlain();
      if (field === null) return null;
      fields.push(field);
      const code = text.charCodeAt(this.position);
      if (code === COMMA) {
        this.position++;
        continue;
      }
      if (code === LF || code === CR) this.skipLineEnd();
      else if (this.position < text.length) {
        this.reject(line, `unexpected ${JSON.stringify(text[this.position])} after a closing quote`);
        return null;
      }
      return fields;
    }
  }

  private readPlain(): string {
    const {text} = this;
    const start = this.position;
    let end = start;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      if (code === COMMA || code === LF || code === CR) break;
      end++;
    }
    this.position = end;
    return text.slice(start, end);
  }

  private readQuoted(line: number): string | null {
    const {text} = this;
    let value = "";
    let start = this.position + 1;
    for (;;) {
      const close = text.indexOf('"', start);
      if (close < 0) {
        this.countLines(start, text.length);
        this.position = text.length;
        this.problems.push({source: this.source, line, message: "unterminated quoted field"});
        return null;
      }
      this.countLines(start, close);
      value += text.slice(start, close);
      if (text.charCodeAt(close + 1) === QUOTE) {
        value += '"';
        start = close + 2;
        continue;
      }
      this.position = close + 1;
      return value;
    }
  }

  private countLines(from: number, to: number): void {
    for (let i = this.text.indexOf("\n", from); i >= 0 && i < to; i = this.text.indexOf("\n", i + 1))
      this.line++;
  }

  private skipLineEnd(): void {
    if (this.text.charCodeAt(this.position) === CR) this.position++;
    if (this.text.charCodeAt(this.position) === LF) this.position++;
    this.line++;
  }

  /** Records a problem and skips the rest of the physical line. */
  private reject(line: number, message: string): void {
    this.problems.push({source: this.source, line, message});
    const end = this.text.indexOf("\n", this.position);
    this.position = end < 0 ? this.text.length : end;
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index < 0 ? text.length : index;
}
