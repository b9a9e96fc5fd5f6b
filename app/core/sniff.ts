import { FloorwalkError } from './errors';

/**
 * Content sniffing before any parser runs: a file dropped on an import must be text. Binary files are
 * refused with what they look like (a PNG read as CSV made 882 rows of noise before). Pure.
 */

/** What is looked at: enough for a magic number and a fair share of lines. */
export const SNIFF_BYTES = 8 * 1024;
/** Share of control characters (besides tab, CR, LF, FF) or U+FFFD above which text is not text. */
const MAX_CONTROL_SHARE = 0.01;

const MAGIC: ReadonlyArray<{ readonly bytes: readonly number[]; readonly what: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an .xlsx workbook is one: save the sheet as CSV)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Office document (.xls): save the sheet as CSV' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive: unpack it first' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00], what: 'a SQLite database' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF)' },
];

function startsWith(sample: Uint8Array, magic: readonly number[]): boolean {
  return sample.length >= magic.length && magic.every((b, i) => sample[i] === b);
}

/** UTF-16 text carries a BOM; everything else with NUL bytes is binary. */
function isUtf16(sample: Uint8Array): boolean {
  return (sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff);
}

/** Why the bytes are not a text file, or null when they are text. */
export function binaryReason(sample: Uint8Array): string | null {
  const head = sample.subarray(0, SNIFF_BYTES);
  for (const m of MAGIC) if (startsWith(head, m.bytes)) return m.what;
  if (isUtf16(head)) return null;
  let control = 0;
  for (const b of head) {
    if (b === 0) return 'binary data (it contains NUL bytes)';
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control += 1;
  }
  return head.length > 0 && control / head.length > MAX_CONTROL_SHARE ? 'binary data (control characters, not text)' : null;
}

/**
 * The same for text a browser already decoded from a dropped file (File.text()): binary bytes come
 * through as NULs and U+FFFD replacement characters; a PNG keeps its "\uFFFDPNG" signature.
 */
export function binaryReasonOfText(text: string): string | null {
  const head = text.slice(0, SNIFF_BYTES);
  if (/^\uFFFDPNG\r\n/.test(head)) return 'a PNG image';
  if (head.startsWith('%PDF-')) return 'a PDF document';
  if (head.startsWith('PK\u0003\u0004')) return MAGIC[4]!.what;
  if (head.startsWith('SQLite format 3\u0000')) return 'a SQLite database';
  let odd = 0;
  for (let i = 0; i < head.length; i += 1) {
    const c = head.charCodeAt(i);
    if (c === 0) return 'binary data (it contains NUL bytes)';
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) odd += 1;
  }
  return head.length > 0 && odd / head.length > MAX_CONTROL_SHARE ? 'binary data (control characters or undecodable bytes, not text)' : null;
}

function refusal(name: string, reason: string, expected: string): FloorwalkError {
  return new FloorwalkError('invalid_input', `${name} is not a text file: it looks like ${reason}. Import ${expected}.`, { field: 'file', line: 1 });
}

/** Throws a clear invalid_input error when the bytes are not text; `expected` says what to import instead. */
export function refuseBinary(sample: Uint8Array, name: string, expected: string): void {
  const reason = binaryReason(sample);
  if (reason) throw refusal(name, reason, expected);
}

export function refuseBinaryText(text: string, name: string, expected: string): void {
  const reason = binaryReasonOfText(text);
  if (reason) throw refusal(name, reason, expected);
}
