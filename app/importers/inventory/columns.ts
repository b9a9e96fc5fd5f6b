import { restoreNeutralisedCell, type CsvRecord } from '../../core/csv';
import { identifierProblem, trimIdentifier } from '../../inventory/identifier';
import type { ErrorSink } from './report';

/** One field an importer reads, and every header that names it (Floorwalk's own first, then NetBox's). */
export interface ColumnSpec {
  readonly field: string;
  readonly names: readonly string[];
  /**
   * Set for identifiers and names (hostname, serial, a rack's name), as the sentence names them: their cells
   * are held to the identifier rule (no control, line-break, bidirectional or zero-width characters).
   */
  readonly identifier?: string;
}

/** "Asset Tag", "asset-tag" and "ASSET_TAG" are the same column; "Position (U)" is "position_u". */
export function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export interface ColumnMap {
  /** field → index of its column in each record. */
  readonly index: ReadonlyMap<string, number>;
  /** field → the header as written in the file, for error messages. */
  readonly headerName: ReadonlyMap<string, string>;
  /** field → how a sentence names it, for the identifier columns of the file. */
  readonly identifiers: ReadonlyMap<string, string>;
  readonly unknown: string[];
}

/**
 * Matches a header to the fields of a kind. Columns Floorwalk does not read are returned as unknown (the
 * report lists them); two columns naming the same field are an error, since one would silently win.
 */
export function mapColumns(header: readonly string[], specs: readonly ColumnSpec[], records: readonly CsvRecord[], sink: ErrorSink): ColumnMap {
  const byName = new Map<string, string>();
  for (const spec of specs) for (const name of spec.names) byName.set(normaliseHeader(name), spec.field);
  const index = new Map<string, number>();
  const headerName = new Map<string, string>();
  const identifiers = new Map<string, string>();
  for (const spec of specs) if (spec.identifier !== undefined) identifiers.set(spec.field, spec.identifier);
  const unknown: string[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim();
    const field = byName.get(normaliseHeader(name));
    if (name === '') {
      // Spreadsheets add nameless empty columns; one that holds data is worth a mention.
      if (records.some((r) => (r.fields[i] ?? '').trim() !== '')) unknown.push(`(column ${i + 1}, no name)`);
      return;
    }
    if (field === undefined) {
      unknown.push(name);
      return;
    }
    const previous = headerName.get(field);
    if (previous !== undefined) {
      sink.header(name, `Columns ${previous} and ${name} both give the ${field}; keep one of them.`);
      return;
    }
    index.set(field, i);
    headerName.set(field, name);
  });
  return { index, headerName, identifiers, unknown };
}

/** A record with its numbers: row is the 1-based data row, line the file line where it starts. */
export interface ImportRow {
  readonly row: number;
  readonly line: number;
  readonly fields: readonly string[];
}

/** Data records as rows, numbered after the header; rows of only empty cells are dropped. */
export function toImportRows(records: readonly CsvRecord[]): ImportRow[] {
  const rows: ImportRow[] = [];
  records.forEach((record, i) => {
    if (record.fields.every((f) => f.trim() === '')) return;
    rows.push({ row: i + 1, line: record.line, fields: record.fields });
  });
  return rows;
}

const choiceIndexes = new WeakMap<readonly string[], Map<string, string>>();

/** Lower-case value → value, built once per list of choices (a status column is read on every row). */
function choiceIndex(allowed: readonly string[]): Map<string, string> {
  let index = choiceIndexes.get(allowed);
  if (!index) {
    index = new Map(allowed.map((a) => [a.toLowerCase(), a]));
    choiceIndexes.set(allowed, index);
  }
  return index;
}

/**
 * Typed reading of one row's cells. Every reader returns undefined when the file has no such column,
 * null when the cell is empty, or the value; a bad cell records an error against its column and returns
 * undefined, and `ok` turns false.
 */
export class Cells {
  ok = true;
  /** Identifier fields already refused, so reading one twice reports it once. */
  private refused: Set<string> | null = null;

  constructor(
    private readonly map: ColumnMap,
    private readonly record: ImportRow,
    private readonly sink: ErrorSink,
  ) {}

  get row(): number {
    return this.record.row;
  }

  has(field: string): boolean {
    return this.map.index.has(field);
  }

  /** The header name of a field's column as the file spells it (the field name when absent). */
  column(field: string): string {
    return this.map.headerName.get(field) ?? field;
  }

  fail(field: string, reason: string | (() => string)): undefined {
    this.ok = false;
    this.sink.add(this.record.row, this.record.line, this.column(field), reason);
    return undefined;
  }

  /**
   * Trimmed cell text with a spreadsheet-safety apostrophe taken off again; undefined when no column, or
   * when an identifier cell breaks the identifier rule (the error is recorded, the row fails).
   */
  raw(field: string): string | undefined {
    const i = this.map.index.get(field);
    if (i === undefined) return undefined;
    const cell = this.record.fields[i] ?? '';
    const what = this.map.identifiers.get(field);
    if (what === undefined) return restoreNeutralisedCell(cell.trim());
    // Only spaces are trimmed: a trailing line break or zero-width character is refused, not dropped.
    const value = restoreNeutralisedCell(trimIdentifier(cell));
    const problem = identifierProblem(value, what);
    if (problem === null) return value;
    this.refused ??= new Set();
    if (!this.refused.has(field)) {
      this.refused.add(field);
      this.fail(field, problem);
    }
    return undefined;
  }

  text(field: string, maxChars: number): string | null | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    if (value === '') return null;
    if (value.length > maxChars) return this.fail(field, `"${value.slice(0, 40)}…" is longer than ${maxChars} characters.`);
    return value;
  }

  /** A whole number; "11.0" (how NetBox writes positions) counts as 11. */
  int(field: string, min: number, max: number, what: string): number | null | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    if (value === '') return null;
    const m = /^([+-]?\d+)(?:[.,]0+)?$/.exec(value.replace(/[_\s]/g, ''));
    const n = m ? Number(m[1]) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) return this.fail(field, `"${value}" is not a valid ${what} (a whole number from ${min} to ${max}).`);
    return n;
  }

  /** A decimal number; a comma decimal separator (Excel in many locales) is accepted. */
  num(field: string, min: number, max: number, what: string): number | null | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    if (value === '') return null;
    const n = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(value) ? Number(value.replace(',', '.')) : Number.NaN;
    if (!Number.isFinite(n) || n < min || n > max) return this.fail(field, `"${value}" is not a valid ${what} (a number from ${min} to ${max}).`);
    return n;
  }

  /** One of a fixed set, matched without regard to case; `aliases` maps other spellings (NetBox labels). */
  choice<T extends string>(field: string, allowed: readonly T[], what: string, aliases: Readonly<Record<string, T>> = {}): T | null | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    if (value === '') return null;
    const key = value.toLowerCase();
    const found = (choiceIndex(allowed).get(key) as T | undefined) ?? aliases[key];
    if (found === undefined) return this.fail(field, `"${value}" is not a ${what}; use one of ${allowed.join(', ')}.`);
    return found;
  }
}
