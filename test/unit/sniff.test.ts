import { describe, expect, it } from 'vitest';
import { binaryReason, binaryReasonOfText, refuseBinaryText } from '../../app/core/sniff';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('content sniffing (issue 16)', () => {
  it('names images, documents, archives and databases by their magic numbers', () => {
    expect(binaryReason(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13))).toBe('a PNG image');
    expect(binaryReason(text('%PDF-1.7\n'))).toBe('a PDF document');
    expect(binaryReason(bytes(0x50, 0x4b, 0x03, 0x04, 20, 0))).toMatch(/xlsx/);
    expect(binaryReason(text('SQLite format 3\u0000....'))).toBe('a SQLite database');
  });

  it('passes CSV, Excel-saved CSV with a BOM, sep= lines, tabs and UTF-16 with its BOM', () => {
    expect(binaryReason(text('code,name\nPHX1,Phoenix\n'))).toBeNull();
    expect(binaryReason(bytes(0xef, 0xbb, 0xbf, ...text('sep=;\r\na;b\r\n1,5;2\r\n')))).toBeNull();
    expect(binaryReason(text('a\tb\n1\t2\n'))).toBeNull();
    expect(binaryReason(bytes(0xff, 0xfe, 0x61, 0, 0x2c, 0, 0x62, 0))).toBeNull();
    expect(binaryReason(new Uint8Array(0))).toBeNull();
  });

  it('refuses bytes with NULs or many control characters', () => {
    expect(binaryReason(text('abc\u0000def'))).toMatch(/NUL/);
    expect(binaryReason(bytes(...Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))))).toMatch(/control/);
  });

  it('sees a PNG through the text a browser decoded from it, and says what to import instead', () => {
    const decoded = new TextDecoder().decode(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52));
    expect(binaryReasonOfText(decoded)).toBe('a PNG image');
    expect(() => refuseBinaryText(decoded, 'photo.png', 'a CSV file')).toThrow('photo.png is not a text file: it looks like a PNG image. Import a CSV file.');
    expect(binaryReasonOfText('rack,u\nR01-01,3\n')).toBeNull();
  });
});
