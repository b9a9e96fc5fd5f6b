/**
 * The CSV module every importer and exporter uses: decoding (BOM, UTF-16, Windows-1252), a streaming
 * parser with delimiter sniffing and physical line numbers, and a spreadsheet-safe writer. Everything but
 * file.ts is pure (no node:*), so the renderer may use it for previews.
 */
export type { CsvDelimiter, CsvDialect, CsvEncoding, CsvReadOptions, CsvRecord, CsvTable } from './types';
export { CSV_DELIMITERS } from './types';
export { CsvParser, parseCsvText, countLineBreaks, DEFAULT_MAX_RECORD_CHARS } from './parser';
export { CsvDecoder, decodeCsvBytes, completeUtf8Length } from './decode';
export { sniffDelimiter } from './sniff';
export { toCsv, csvLine, csvCell, neutraliseCell, restoreNeutralisedCell, CSV_LINE_END, type CsvCell, type CsvWriteOptions } from './write';
export { parseCsvBytes } from './bytes';
