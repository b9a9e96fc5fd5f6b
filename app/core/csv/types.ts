/** Shapes shared by the CSV reader and writer. */

/** The delimiters Floorwalk reads: comma, semicolon (Excel in comma-decimal locales) and TAB. */
export type CsvDelimiter = ',' | ';' | '\t';

export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

/** How the bytes were turned into text; UTF-16 only ever with a byte-order mark (Excel's "Unicode Text"). */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface CsvDialect {
  readonly delimiter: string;
  /** Why that delimiter: the caller forced it, an Excel `sep=` first line named it, or the sample showed it. */
  readonly delimiterSource: 'forced' | 'sep-line' | 'sniffed';
  readonly encoding: CsvEncoding;
  /** The text started with a byte-order mark, which was dropped. */
  readonly bom: boolean;
}

export interface CsvRecord {
  /** 1-based physical line of the file where the record starts (a `sep=` line and quoted newlines count). */
  readonly line: number;
  readonly fields: string[];
}

export interface CsvReadOptions {
  /** Skip sniffing and split on this character. */
  readonly delimiter?: CsvDelimiter;
  /**
   * A record longer than this many characters is refused; it is nearly always a quote that is never
   * closed, and the limit keeps streaming memory bounded whatever the file holds.
   */
  readonly maxRecordChars?: number;
}

export interface CsvTable {
  readonly dialect: CsvDialect;
  /** The first record (empty when the file is empty). */
  readonly header: string[];
  readonly headerLine: number;
  readonly records: CsvRecord[];
}
