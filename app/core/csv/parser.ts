import { FloorwalkError } from '../errors';
import { sniffDelimiter, SNIFF_MAX_LINES } from './sniff';
import type { CsvDialect, CsvEncoding, CsvReadOptions, CsvRecord, CsvTable } from './types';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BOM = '\ufeff';
/** Text held back to choose the delimiter before the first record is cut. */
const SNIFF_SAMPLE_CHARS = 64 * 1024;
/** A `sep=;` line is at most this long (with its line break), so this much text settles whether there is one. */
const SEP_LINE_MAX_CHARS = 8;
export const DEFAULT_MAX_RECORD_CHARS = 4 * 1024 * 1024;

const SEP_LINE = /^sep=([^\r\n"])(\r\n|\n|\r|$)/i;

/**
 * A streaming CSV reader (RFC 4180 plus what spreadsheets write): push text in chunks of any size, get
 * back the records completed so far; end() flushes the last one. Memory stays at one chunk plus one
 * record, so a 2 GB file reads in constant space. Fields are cut with slice() between indexes; only a
 * quoted field with doubled quotes is assembled from parts.
 *
 * Handles: a byte-order mark, an Excel `sep=;` first line, delimiter sniffing (`,` `;` TAB) unless one is
 * forced, quoted fields holding the delimiter, doubled quotes and line breaks, CRLF / LF / CR line ends,
 * and empty lines (skipped, but counted, so every record keeps its physical line number).
 */
export class CsvParser {
  private buf = '';
  private pos = 0;
  private line = 1;
  private started = false;
  private delimiterCode = 0x2c;
  private dialectValue: CsvDialect | null = null;
  private readonly maxRecordChars: number;

  constructor(
    private readonly options: CsvReadOptions = {},
    private readonly encoding: CsvEncoding = 'utf-8',
  ) {
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  }

  /** The dialect once the first record could be cut (or after end()); null before. */
  get dialect(): CsvDialect | null {
    return this.dialectValue;
  }

  push(chunk: string): CsvRecord[] {
    this.buf = this.pos > 0 ? this.buf.slice(this.pos) + chunk : this.buf + chunk;
    this.pos = 0;
    if (!this.started && !this.start(false)) return [];
    return this.drain(false);
  }

  /** One step of a stream: the records `text` completes, and with `final` the rest (end()). */
  feed(text: string, final: boolean): CsvRecord[] {
    const records = text.length > 0 ? this.push(text) : [];
    if (final) for (const record of this.end()) records.push(record);
    return records;
  }

  end(): CsvRecord[] {
    if (!this.started) this.start(true);
    const records = this.drain(true);
    this.buf = '';
    this.pos = 0;
    return records;
  }

  /** Settles BOM, `sep=` line and delimiter; false while the buffered text is too short to tell. */
  private start(final: boolean): boolean {
    let bom = false;
    if (this.buf.startsWith(BOM)) {
      bom = true;
      this.buf = this.buf.slice(1);
    } else if (!final && this.buf.length === 0) {
      return false;
    }
    if (!final && this.buf.length < SEP_LINE_MAX_CHARS && 'sep='.startsWith(this.buf.slice(0, 4).toLowerCase())) {
      // Might still become a sep= line; keep the BOM decision by putting it back.
      if (bom) this.buf = BOM + this.buf;
      return false;
    }
    let delimiter: string | undefined = this.options.delimiter;
    let source: CsvDialect['delimiterSource'] = 'forced';
    const sep = SEP_LINE.exec(this.buf);
    if (sep) {
      this.pos = sep[0].length;
      this.line = 2;
      if (delimiter === undefined) {
        delimiter = sep[1];
        source = 'sep-line';
      }
    }
    if (delimiter === undefined) {
      const sample = this.buf.slice(this.pos, this.pos + SNIFF_SAMPLE_CHARS);
      const enough = final || sample.length >= SNIFF_SAMPLE_CHARS || countLineBreaks(sample, 0, sample.length) >= SNIFF_MAX_LINES;
      if (!enough) {
        this.pos = 0;
        this.line = 1;
        if (bom) this.buf = BOM + this.buf;
        return false;
      }
      delimiter = sniffDelimiter(sample, final);
      source = 'sniffed';
    }
    this.delimiterCode = delimiter.charCodeAt(0);
    this.dialectValue = { delimiter, delimiterSource: source, encoding: this.encoding, bom };
    this.started = true;
    return true;
  }

  private drain(final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    while (this.pos < this.buf.length) {
      if (!this.cutRecord(final, out)) {
        if (final) {
          throw new FloorwalkError('invalid_input', `Line ${this.line}: a quoted field that starts here is never closed.`, { line: this.line });
        }
        if (this.buf.length - this.pos > this.maxRecordChars) {
          throw new FloorwalkError(
            'invalid_input',
            `Line ${this.line}: the record is longer than ${this.maxRecordChars.toLocaleString('en-US')} characters; a quote is probably never closed.`,
            { line: this.line },
          );
        }
        break;
      }
    }
    return out;
  }

  /**
   * Cuts one record starting at pos. Returns false when the buffer ends before the record does (more
   * text is needed), leaving pos and line untouched so the record is cut again from its start.
   */
  private cutRecord(final: boolean, out: CsvRecord[]): boolean {
    const buf = this.buf;
    const len = buf.length;
    const d = this.delimiterCode;
    let i = this.pos;
    let line = this.line;
    const fields: string[] = [];
    let quoted = false;
    for (;;) {
      if (i < len && buf.charCodeAt(i) === QUOTE) {
        quoted = true;
        let segmentStart = i + 1;
        let parts: string[] | null = null;
        let value: string;
        for (;;) {
          const q = buf.indexOf('"', segmentStart);
          if (q < 0 || (q + 1 >= len && !final)) return false;
          if (buf.charCodeAt(q + 1) === QUOTE) {
            (parts ??= []).push(buf.slice(segmentStart, q + 1));
            segmentStart = q + 2;
            continue;
          }
          const last = buf.slice(segmentStart, q);
          value = parts === null ? last : parts.join('') + last;
          line += countLineBreaks(buf, i + 1, q);
          i = q + 1;
          break;
        }
        // Text after the closing quote (`"a"b`) is kept, as spreadsheets do, rather than refused.
        let k = i;
        while (k < len) {
          const c = buf.charCodeAt(k);
          if (c === d || c === LF || c === CR) break;
          k++;
        }
        if (k > i) {
          value += buf.slice(i, k);
          i = k;
        }
        fields.push(value);
      } else {
        let k = i;
        while (k < len) {
          const c = buf.charCodeAt(k);
          if (c === d || c === LF || c === CR) break;
          k++;
        }
        fields.push(buf.slice(i, k));
        i = k;
      }

      if (i >= len) {
        if (!final) return false;
        break;
      }
      const c = buf.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= len && !final) return false;
        i += buf.charCodeAt(i + 1) === LF ? 2 : 1;
      } else {
        i++;
      }
      line++;
      break;
    }
    const startLine = this.line;
    this.pos = i;
    this.line = line;
    const blank = !quoted && fields.length === 1 && fields[0] === '';
    if (!blank) out.push({ line: startLine, fields });
    return true;
  }
}

/** Line breaks in buf[from, to): CRLF, LF and a lone CR each count once. */
export function countLineBreaks(buf: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = buf.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (i + 1 < to && buf.charCodeAt(i + 1) === LF) i++;
    }
  }
  return n;
}

/** Parses a whole text at once; the first record is the header. */
export function parseCsvText(text: string, options: CsvReadOptions = {}, encoding: CsvEncoding = 'utf-8'): CsvTable {
  const parser = new CsvParser(options, encoding);
  const records = parser.push(text);
  for (const record of parser.end()) records.push(record);
  const dialect = parser.dialect ?? { delimiter: options.delimiter ?? ',', delimiterSource: options.delimiter ? 'forced' : 'sniffed', encoding, bom: false };
  const first = records.shift();
  return { dialect, header: first?.fields ?? [], headerLine: first?.line ?? 1, records };
}
