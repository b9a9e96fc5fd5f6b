/** A cell value as the writer accepts it; null and undefined write an empty cell. */
export type CsvCell = string | number | boolean | null | undefined;

export interface CsvWriteOptions {
  readonly delimiter?: string;
  /** Prefix a UTF-8 byte-order mark so Excel reads accents correctly. */
  readonly bom?: boolean;
}

export const CSV_LINE_END = '\r\n';

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): =, +, -, @, and
 * TAB / CR, which some spreadsheets strip before looking. Such a cell gets a leading apostrophe, which
 * spreadsheets show as plain text. A value that itself starts with an apostrophe is escaped with one more, so the reader can tell the
 * apostrophe neutralisation added from one that belongs to the value: `'abc` is written `''abc`.
 */
const NEEDS_APOSTROPHE = /^[=+\-@\t\r']/;
const NEUTRALISED = /^'[=+\-@\t\r']/;

export function neutraliseCell(text: string): string {
  return NEEDS_APOSTROPHE.test(text) ? `'${text}` : text;
}

/**
 * Undoes neutraliseCell, so that what Floorwalk exported imports back to the same value: only an apostrophe
 * neutraliseCell would have added (one before a formula character or before another apostrophe) is taken
 * off; `'abc` written by hand stays `'abc`.
 */
export function restoreNeutralisedCell(text: string): string {
  // Most cells do not start with an apostrophe; skip the pattern for them (importers call this per cell).
  return text.charCodeAt(0) === 0x27 && NEUTRALISED.test(text) ? text.slice(1) : text;
}

function needsQuotes(text: string, delimiter: string): boolean {
  return (
    text.includes(delimiter) ||
    text.includes('"') ||
    text.includes('\n') ||
    text.includes('\r') ||
    (text.length > 0 && (text.charCodeAt(0) === 0x20 || text.charCodeAt(text.length - 1) === 0x20))
  );
}

/** One cell as written: text is neutralised then quoted when needed; numbers and booleans as they are. */
export function csvCell(value: CsvCell, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutraliseCell(value);
  return needsQuotes(text, delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF line end. */
export function csvLine(cells: readonly CsvCell[], delimiter = ','): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += delimiter;
    line += csvCell(cells[i], delimiter);
  }
  return line + CSV_LINE_END;
}

/** A whole file: header then rows, CRLF line ends (RFC 4180), spreadsheet-safe cells. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const lines: string[] = [csvLine(header, delimiter)];
  for (const row of rows) lines.push(csvLine(row, delimiter));
  return (options.bom ? '\ufeff' : '') + lines.join('');
}
