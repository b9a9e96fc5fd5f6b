import { CsvDecoder } from '../../core/csv/decode';
import { FloorwalkError } from '../../core/errors';

/** A line longer than this is not telemetry (a binary file, a missing line break); refused to bound memory. */
const MAX_LINE_CHARS = 4 * 1024 * 1024;

export type LineHandler = (text: string, line: number, terminated: boolean) => void;

/**
 * Bytes → text lines, for the line-oriented formats (nvidia-smi, Prometheus text). Decoding is the CSV
 * module's (BOM, UTF-16, Windows-1252); LF and CRLF end lines; the byte-order mark is dropped. The last
 * line is flagged when no line break ends it: a file copied while nvidia-smi was still writing it.
 */
export class LineSplitter {
  private readonly decoder = new CsvDecoder();
  private rest = '';
  private line = 0;

  constructor(private readonly onLine: LineHandler) {}

  get encoding(): string {
    return this.decoder.encoding;
  }

  push(bytes: Uint8Array): void {
    this.feed(this.decoder.push(bytes), false);
  }

  end(): void {
    this.feed(this.decoder.end(), true);
  }

  private feed(text: string, final: boolean): void {
    let buf = this.rest.length > 0 ? this.rest + text : text;
    if (this.line === 0 && buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf('\n', pos);
      if (nl < 0) break;
      let end = nl;
      if (end > pos && buf.charCodeAt(end - 1) === 13) end--;
      this.line++;
      this.onLine(buf.slice(pos, end), this.line, true);
      pos = nl + 1;
    }
    this.rest = pos === 0 ? buf : buf.slice(pos);
    if (this.rest.length > MAX_LINE_CHARS) {
      throw new FloorwalkError('invalid_input', `Line ${this.line + 1} is longer than ${MAX_LINE_CHARS.toLocaleString('en-US')} characters; this is not a telemetry text file.`, {
        line: this.line + 1,
      });
    }
    if (final && this.rest.length > 0) {
      const last = this.rest.charCodeAt(this.rest.length - 1) === 13 ? this.rest.slice(0, -1) : this.rest;
      this.rest = '';
      this.line++;
      this.onLine(last, this.line, false);
    }
  }
}
