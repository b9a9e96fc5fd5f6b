import { FloorwalkError } from '../errors';
import type { CsvEncoding } from './types';

/** Bytes needed to recognise a byte-order mark. */
const BOM_PROBE_BYTES = 3;

function detect(bytes: Uint8Array): CsvEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/**
 * Turns the bytes of a CSV file into text, chunk by chunk. UTF-16 is recognised by its byte-order mark
 * (Excel's "Unicode Text" export); otherwise UTF-8. A first chunk that is not valid UTF-8 is read as
 * Windows-1252, which is what Excel's plain "CSV" writes in Western locales. The mark itself is kept in
 * the text (as U+FEFF) so the parser can drop it and report that it was there.
 */
export class CsvDecoder {
  private decoder: TextDecoder | null = null;
  private pending: Uint8Array | null = null;
  private encodingValue: CsvEncoding = 'utf-8';
  private bytesSeen = 0;

  get encoding(): CsvEncoding {
    return this.encodingValue;
  }

  push(chunk: Uint8Array): string {
    const bytes = this.pending ? concat(this.pending, chunk) : chunk;
    this.pending = null;
    if (!this.decoder && bytes.length < BOM_PROBE_BYTES) {
      this.pending = bytes;
      return '';
    }
    return this.decode(bytes, false);
  }

  end(): string {
    const bytes = this.pending ?? new Uint8Array(0);
    this.pending = null;
    return this.decode(bytes, true);
  }

  private decode(bytes: Uint8Array, final: boolean): string {
    if (!this.decoder) {
      this.encodingValue = detect(bytes);
      this.decoder = new TextDecoder(this.encodingValue, { fatal: this.encodingValue === 'utf-8', ignoreBOM: true });
    }
    if (this.encodingValue !== 'utf-8') {
      // UTF-16 and Windows-1252 files are rare and small: the streaming decoder is fine for them.
      return this.decoder.decode(bytes, { stream: !final });
    }
    // UTF-8 is decoded a whole number of characters at a time, without the streaming mode, which is
    // several times slower; an unfinished character at the end waits for the next chunk.
    const cut = final ? bytes.length : completeUtf8Length(bytes);
    if (cut < bytes.length) this.pending = bytes.slice(cut);
    try {
      const text = this.decoder.decode(bytes.subarray(0, cut));
      this.bytesSeen += cut;
      return text;
    } catch {
      if (this.bytesSeen > 0) {
        throw new FloorwalkError(
          'invalid_input',
          `The file is not valid UTF-8 after byte ${this.bytesSeen.toLocaleString('en-US')}; save it as "CSV UTF-8" and try again.`,
        );
      }
      // Not UTF-8 from the start: Excel's plain "CSV" in a Western locale.
      this.encodingValue = 'windows-1252';
      this.decoder = new TextDecoder('windows-1252');
      this.pending = null;
      return this.decoder.decode(bytes, { stream: !final });
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** Bytes of `bytes` that end on a character boundary (an unfinished multi-byte sequence is left out). */
export function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  // A sequence is at most 4 bytes: look back for its lead byte among the last 3.
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** Decodes a whole file's bytes (see CsvDecoder). */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const decoder = new CsvDecoder();
  const text = decoder.push(bytes) + decoder.end();
  return { text, encoding: decoder.encoding };
}
