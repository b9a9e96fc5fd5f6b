import type { ImportRowError } from '../../inventory/detail-types';

/** Errors listed in a report; the count keeps going past it, so a wholly wrong file stays a small answer. */
export const IMPORT_ERROR_LIMIT = 1000;

/**
 * Collects row errors for a preview. A reason may be given as a function, so that describing the part in
 * the way (a few queries) is only paid for errors that will be shown.
 */
export class ErrorSink {
  readonly errors: ImportRowError[] = [];
  readonly badRows = new Set<number>();
  count = 0;

  add(row: number, line: number | undefined, column: string, reason: string | (() => string)): void {
    this.count++;
    this.badRows.add(row);
    if (this.errors.length >= IMPORT_ERROR_LIMIT) return;
    const text = typeof reason === 'string' ? reason : reason();
    this.errors.push(line === undefined ? { row, column, reason: text } : { row, column, reason: text, line });
  }

  /** An error about the file as a whole (row 0 is the header). */
  header(column: string, reason: string): void {
    this.add(0, undefined, column, reason);
  }
}
