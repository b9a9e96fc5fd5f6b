import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CsvDecoder,
  CsvParser,
  completeUtf8Length,
  csvCell,
  decodeCsvBytes,
  neutraliseCell,
  parseCsvBytes,
  parseCsvText,
  restoreNeutralisedCell,
  sniffDelimiter,
  toCsv,
  type CsvRecord,
} from '../../app/core/csv';
import { readCsvFile, streamCsvFile } from '../../app/core/csv/file';
import { FloorwalkError } from '../../app/core/errors';
import { tempDir } from '../support/temp';

function rows(text: string, options = {}): Array<[number, string[]]> {
  return parseCsvText(text, options).records.map((r) => [r.line, r.fields]);
}

/** Feeds text in pieces of `size` characters, the way a file stream does. */
function parseInChunks(text: string, size: number): CsvRecord[] {
  const parser = new CsvParser();
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...parser.push(text.slice(i, i + size)));
  out.push(...parser.end());
  return out;
}

function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  if (order === 'le') return new Uint8Array(le);
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return new Uint8Array(be);
}

describe('csv reading', () => {
  it('splits plain comma records and gives header and line numbers', () => {
    const table = parseCsvText('name,serial\nn1,S1\nn2,S2\n');
    expect(table.header).toEqual(['name', 'serial']);
    expect(table.headerLine).toBe(1);
    expect(table.records).toEqual([
      { line: 2, fields: ['n1', 'S1'] },
      { line: 3, fields: ['n2', 'S2'] },
    ]);
    expect(table.dialect).toEqual({ delimiter: ',', delimiterSource: 'sniffed', encoding: 'utf-8', bom: false });
  });

  it('strips a UTF-8 byte-order mark from text and from bytes', () => {
    const fromText = parseCsvText('\ufeffname,serial\r\nx,1\r\n');
    expect(fromText.header).toEqual(['name', 'serial']);
    expect(fromText.dialect.bom).toBe(true);
    const fromBytes = parseCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('name;serial\r\nx;1\r\n')]));
    expect(fromBytes.header).toEqual(['name', 'serial']);
    expect(fromBytes.dialect).toMatchObject({ bom: true, encoding: 'utf-8', delimiter: ';' });
  });

  it('decodes UTF-16 LE and BE files with a byte-order mark', () => {
    for (const order of ['le', 'be'] as const) {
      const table = parseCsvBytes(utf16('name\tmodel\r\nnœud-1\tH100 “SXM”\r\n', order));
      expect(table.dialect).toMatchObject({ encoding: `utf-16${order}`, bom: true, delimiter: '\t' });
      expect(table.header).toEqual(['name', 'model']);
      expect(table.records[0]?.fields).toEqual(['nœud-1', 'H100 “SXM”']);
    }
  });

  it('reads a file that is not UTF-8 as Windows-1252, the way Excel saves plain CSV', () => {
    const bytes = new Uint8Array([...Buffer.from('site;name\r\nPHX1;Salle '), 0xe9, ...Buffer.from('t'), 0x80, 0x0d, 0x0a]);
    const { text, encoding } = decodeCsvBytes(bytes);
    expect(encoding).toBe('windows-1252');
    expect(text).toContain('Salle ét€');
  });

  it('decodes a UTF-16 file pushed one byte at a time, with a character split across chunks', () => {
    const bytes = utf16('a,b\r\n€,ü\r\n', 'le');
    const decoder = new CsvDecoder();
    let text = '';
    for (const byte of bytes) text += decoder.push(new Uint8Array([byte]));
    text += decoder.end();
    expect(decoder.encoding).toBe('utf-16le');
    expect(parseCsvText(text).records[0]?.fields).toEqual(['€', 'ü']);
  });

  it('decodes UTF-8 pushed one byte at a time, 2-, 3- and 4-byte characters split across chunks', () => {
    const bytes = new Uint8Array(Buffer.from('name,model\r\nnœud,H100 “SXM” 🚀\r\n'));
    const decoder = new CsvDecoder();
    let text = '';
    for (const byte of bytes) text += decoder.push(new Uint8Array([byte]));
    text += decoder.end();
    expect(decoder.encoding).toBe('utf-8');
    expect(parseCsvText(text).records[0]?.fields).toEqual(['nœud', 'H100 “SXM” 🚀']);
    expect(completeUtf8Length(new Uint8Array([0x41, 0xf0, 0x9f, 0x9a]))).toBe(1);
    expect(completeUtf8Length(new Uint8Array([0x41, 0xf0, 0x9f, 0x9a, 0x80]))).toBe(5);
    expect(completeUtf8Length(new Uint8Array([0xc5, 0x93]))).toBe(2);
  });

  it('refuses a file that turns out not to be UTF-8 after the first chunk, with the byte offset', () => {
    const decoder = new CsvDecoder();
    decoder.push(new Uint8Array(Buffer.from('name,serial\r\n')));
    expect(() => decoder.push(new Uint8Array([0x41, 0xff, 0xfe, 0x0a]))).toThrow(/not valid UTF-8 after byte 13/);
  });

  it('honours an Excel sep= first line and counts it as line 1', () => {
    const table = parseCsvText('sep=;\r\nname;serial\r\nn1;S,1\r\n');
    expect(table.dialect).toMatchObject({ delimiter: ';', delimiterSource: 'sep-line' });
    expect(table.header).toEqual(['name', 'serial']);
    expect(table.headerLine).toBe(2);
    expect(table.records).toEqual([{ line: 3, fields: ['n1', 'S,1'] }]);
  });

  it('sniffs comma, semicolon and TAB, and respects a forced delimiter', () => {
    expect(parseCsvText('a;b;c\n1;2;3\n').dialect.delimiter).toBe(';');
    expect(parseCsvText('a\tb\n1\t2\n').dialect.delimiter).toBe('\t');
    expect(parseCsvText('a,b\n1,2\n').dialect.delimiter).toBe(',');
    const forced = parseCsvText('a;b,c\n1;2,3\n', { delimiter: ',' });
    expect(forced.dialect).toMatchObject({ delimiter: ',', delimiterSource: 'forced' });
    expect(forced.header).toEqual(['a;b', 'c']);
  });

  it('prefers the delimiter that splits every line the same way', () => {
    // Two ";" in the header's free text but a steady single comma on every line.
    const sample = 'name,notes;a;b\nn1,x\nn2,y\n';
    expect(sniffDelimiter(sample, true)).toBe(',');
    // Only a quoted delimiter: it does not count.
    expect(sniffDelimiter('"a;b",c\n', true)).toBe(',');
    expect(sniffDelimiter('single\n', true)).toBe(',');
  });

  it('keeps the delimiter, doubled quotes and line breaks inside quoted fields', () => {
    const text = 'name,notes,serial\r\n"n1, rack A","he said ""hot""\r\nthen left",S1\r\nn2,"",S2\r\n';
    expect(rows(text)).toEqual([
      [2, ['n1, rack A', 'he said "hot"\r\nthen left', 'S1']],
      [4, ['n2', '', 'S2']],
    ]);
  });

  it('counts physical lines across LF, CRLF and lone CR line ends, and skips empty lines', () => {
    expect(rows('h\na\r\nb\rc\n\n\nd')).toEqual([
      [2, ['a']],
      [3, ['b']],
      [4, ['c']],
      [7, ['d']],
    ]);
    // A quoted empty field is a record, not an empty line.
    expect(rows('h\n""\n')).toEqual([[2, ['']]]);
    // A line of delimiters (an empty Excel row) is kept for the caller to judge.
    expect(rows('a;b\n;\n')).toEqual([[2, ['', '']]]);
  });

  it('handles a last record without a line end, and a trailing empty field', () => {
    expect(rows('a,b\n1,')).toEqual([[2, ['1', '']]]);
    expect(rows('a,b\n"x","y"')).toEqual([[2, ['x', 'y']]]);
  });

  it('keeps text after a closing quote as spreadsheets do', () => {
    expect(rows('a,b\n"x"y,z\n')).toEqual([[2, ['xy', 'z']]]);
  });

  it('refuses a quote that is never closed and names its line', () => {
    try {
      parseCsvText('a,b\n1,2\n3,"open\n4,5\n');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FloorwalkError);
      expect((error as FloorwalkError).line).toBe(3);
      expect((error as FloorwalkError).message).toMatch(/Line 3: a quoted field/);
    }
  });

  it('bounds memory: an endless record is refused once it passes the limit', () => {
    const parser = new CsvParser({ delimiter: ',', maxRecordChars: 1000 });
    parser.push('a,b\n"');
    expect(() => parser.push('x'.repeat(2000))).toThrow(/Line 2: the record is longer than 1,000 characters/);
    // Sniffing holds back at most its sample, then the same limit applies.
    const sniffing = new CsvParser({ maxRecordChars: 1000 });
    sniffing.push('a,b\n"');
    expect(() => {
      for (let i = 0; i < 100; i++) sniffing.push('x'.repeat(1000));
    }).toThrow(/longer than 1,000 characters/);
  });

  it('gives the same records whatever the chunk size, even when CRLF, quotes or sep= are split', () => {
    const text = 'sep=,\r\nname,notes\r\n"a ""q""","x\r\ny"\r\nb,c\rd,"e,f"\r\n\r\ng,h';
    const whole = parseInChunks(text, text.length);
    expect(whole.map((r) => r.line)).toEqual([2, 3, 5, 6, 8]);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(parseInChunks(text, size)).toEqual(whole);
    const sniffed = 'name;serial\r\n' + Array.from({ length: 40 }, (_, i) => `n${i};"S;${i}"\r\n`).join('');
    for (const size of [1, 4, 100]) {
      const records = parseInChunks(sniffed, size);
      expect(records).toHaveLength(41);
      expect(records[40]).toEqual({ line: 41, fields: ['n39', 'S;39'] });
    }
  });

  it('reports the dialect on the streaming parser once the first record is cut', () => {
    const parser = new CsvParser();
    expect(parser.dialect).toBeNull();
    parser.push('\ufeffa\tb\n');
    parser.end();
    expect(parser.dialect).toEqual({ delimiter: '\t', delimiterSource: 'sniffed', encoding: 'utf-8', bom: true });
  });

  it('returns an empty table for an empty text', () => {
    expect(parseCsvText('')).toMatchObject({ header: [], records: [] });
    expect(parseCsvText('\ufeff')).toMatchObject({ header: [], records: [] });
  });
});

describe('csv files', () => {
  it('streams a file record by record, Excel-saved UTF-16 included, with byte progress', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'unicode.txt');
      const body = 'name\tserial\r\n' + Array.from({ length: 5000 }, (_, i) => `nœud-${i}\tS${i}\r\n`).join('');
      fs.writeFileSync(file, utf16(body, 'le'));
      const seen: CsvRecord[] = [];
      let lastBytes = 0;
      const result = await streamCsvFile(file, (r) => seen.push(r), { onBytes: (read) => (lastBytes = read) });
      expect(result.records).toBe(5001);
      expect(result.dialect).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', bom: true });
      expect(lastBytes).toBe(fs.statSync(file).size);
      expect(seen[5000]).toEqual({ line: 5001, fields: ['nœud-4999', 'S4999'] });
      const table = await readCsvFile(file);
      expect(table.header).toEqual(['name', 'serial']);
      expect(table.records).toHaveLength(5000);
    } finally {
      cleanup();
    }
  });

  it('says when the file is missing', async () => {
    await expect(readCsvFile('/nonexistent/inventory.csv')).rejects.toThrow(/There is no file/);
  });
});

describe('csv writing', () => {
  it('quotes cells with the delimiter, quotes, line breaks or edge spaces, and ends lines with CRLF', () => {
    const csv = toCsv(['name', 'notes', 'n'], [
      ['a,b', 'say "hi"', 3],
      ['line\nbreak', ' padded', null],
      ['plain', true, undefined],
    ]);
    expect(csv).toBe('name,notes,n\r\n"a,b","say ""hi""",3\r\n"line\nbreak"," padded",\r\nplain,true,\r\n');
    expect(parseCsvText(csv).records.map((r) => r.fields)).toEqual([
      ['a,b', 'say "hi"', '3'],
      ['line\nbreak', ' padded', ''],
      ['plain', 'true', ''],
    ]);
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const bad of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\t=x', '\r=x']) {
      expect(neutraliseCell(bad)).toBe(`'${bad}`);
      expect(restoreNeutralisedCell(neutraliseCell(bad))).toBe(bad);
    }
    expect(neutraliseCell('GPU-1')).toBe('GPU-1');
    expect(restoreNeutralisedCell("'plain")).toBe("'plain");
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    // Numbers are data, not text a person typed: -5 stays -5.
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('writes other delimiters and a byte-order mark on request', () => {
    const csv = toCsv(['a', 'b'], [['1;2', 'x']], { delimiter: ';', bom: true });
    expect(csv).toBe('\ufeffa;b\r\n"1;2";x\r\n');
    expect(parseCsvText(csv).records[0]?.fields).toEqual(['1;2', 'x']);
  });
});
