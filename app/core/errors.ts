/**
 * The one error type the core throws on purpose. It crosses every transport (worker message, IPC, HTTP,
 * CLI) as plain data, so a field-level message can reach the form that caused it.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'rule_violation'
  | 'not_floorwalk_db'
  | 'db_too_new'
  | 'db_corrupt'
  | 'io_error'
  /** The database's file or media cannot be written (read-only mount, write-protected file). */
  | 'read_only'
  /** The disk that holds the database has no room left. */
  | 'disk_full'
  /** The OS refused access to the database's file or folder (owner, mode). */
  | 'permission'
  | 'cancelled'
  | 'internal';

export interface ErrorData {
  readonly code: ErrorCode;
  readonly message: string;
  /** The input field the error is about, so a form can show it inline. */
  readonly field?: string;
  /** Where in a file the error is, for importers. */
  readonly line?: number;
  readonly column?: string;
}

export class FloorwalkError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly line: number | undefined;
  readonly column: string | undefined;

  constructor(code: ErrorCode, message: string, where: { field?: string; line?: number; column?: string } = {}) {
    super(message);
    this.name = 'FloorwalkError';
    this.code = code;
    this.field = where.field;
    this.line = where.line;
    this.column = where.column;
  }

  toData(): ErrorData {
    const data: { -readonly [K in keyof ErrorData]: ErrorData[K] } = { code: this.code, message: this.message };
    if (this.field !== undefined) data.field = this.field;
    if (this.line !== undefined) data.line = this.line;
    if (this.column !== undefined) data.column = this.column;
    return data;
  }

  static fromData(data: ErrorData): FloorwalkError {
    const where: { field?: string; line?: number; column?: string } = {};
    if (data.field !== undefined) where.field = data.field;
    if (data.line !== undefined) where.line = data.line;
    if (data.column !== undefined) where.column = data.column;
    return new FloorwalkError(data.code, data.message, where);
  }
}

/** Turns anything thrown into transportable error data; unknown failures keep their message, not their stack. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof FloorwalkError) return error.toData();
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: String(error) };
}

export function isErrorData(value: unknown): value is ErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
