import { toCsv } from '../../core/csv/write';
import type { RowError } from '../types';

/**
 * The rejected rows of one or more imports as a CSV a technician opens in a spreadsheet next to the source
 * file (line numbers are the file's physical lines). Pure, so the console builds it without a round trip.
 */
export function errorsCsv(files: ReadonlyArray<{ readonly file: string; readonly errors: readonly RowError[] }>): string {
  const rows: Array<Array<string | number>> = [];
  for (const { file, errors } of files) for (const error of errors) rows.push([file, error.line, error.column, error.reason]);
  return toCsv(['file', 'line', 'column', 'reason'], rows, { bom: true });
}
