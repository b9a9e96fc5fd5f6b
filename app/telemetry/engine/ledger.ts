import type { TelemetryLedger } from '../types';

/** Lines kept with their number when a row's cells were never accounted for (a parser bug, not a file's). */
const MAX_UNACCOUNTED_LINES_KEPT = 20;

function bump(map: Map<string, number>, key: string, count: number): void {
  if (count !== 0) map.set(key, (map.get(key) ?? 0) + count);
}

function listed(map: ReadonlyMap<string, number>): Array<{ reason: string; count: number }> {
  return [...map].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/**
 * A rejection reason without the cell's own text, so rows rejected for the same cause are one line of
 * the ledger ("\"abc\" is not a number" and "\"x\" is not a number" are one reason).
 */
export function reasonKind(column: string, reason: string): string {
  const general = reason.replace(/"[^"]*"/g, '"…"').replace(/^-?[\d.]+(e[-+]?\d+)? /i, '… ');
  return column === '' ? general : `${column}: ${general}`;
}

/**
 * Conservation of data cells for one file: every value cell read ends as a reading handed to the store,
 * a value collapsed onto another column's reading of the same metric, a skipped placeholder or sentinel,
 * part of a rejected row, or a cell of an ignored column. Lines that hold no data cell (pdsh notices,
 * NVML error lines) are listed apart. The import refuses to commit when the books do not balance.
 */
export class CellLedger {
  cellsRead = 0;
  /** Readings handed to the store that came from a cell (derived ones, e.g. throttle bits, are apart). */
  fromCells = 0;
  derived = 0;
  unaccounted = 0;
  readonly unaccountedLines: number[] = [];
  readonly skipped = new Map<string, number>();
  readonly rejected = new Map<string, number>();
  readonly collapsed = new Map<string, number>();
  readonly ignored = new Map<string, { reason: string; count: number }>();
  readonly lines = new Map<string, number>();

  skip(reason: string, count: number): void {
    bump(this.skipped, reason, count);
  }

  reject(reasonKey: string, cells: number): void {
    bump(this.rejected, reasonKey, cells);
  }

  collapse(note: string, count: number): void {
    bump(this.collapsed, note, count);
  }

  /** Cells of a column (or a metric family) that the map does not use, with why. */
  ignore(column: string, reason: string, count: number): void {
    if (count === 0) return;
    this.cellsRead += count;
    const entry = this.ignored.get(column);
    if (entry) entry.count += count;
    else this.ignored.set(column, { reason, count });
  }

  line(reason: string): void {
    bump(this.lines, reason, 1);
  }

  missing(line: number, cells: number): void {
    this.unaccounted += cells;
    if (this.unaccountedLines.length < MAX_UNACCOUNTED_LINES_KEPT) this.unaccountedLines.push(line);
  }

  /** The ledger as the result JSON carries it, checked against what the store took. */
  settle(stored: number, duplicates: number): TelemetryLedger {
    const sum = (map: ReadonlyMap<string, number>): number => [...map.values()].reduce((a, b) => a + b, 0);
    const skipped = sum(this.skipped);
    const rejected = sum(this.rejected);
    const collapsed = sum(this.collapsed);
    const ignored = [...this.ignored.values()].reduce((a, b) => a + b.count, 0);
    const accounted = this.fromCells + skipped + rejected + collapsed + ignored;
    const handed = this.fromCells + this.derived;
    const problems: string[] = [];
    if (this.unaccounted > 0) problems.push(`${this.unaccounted} cells of lines ${this.unaccountedLines.join(', ')} were read but not accounted for`);
    if (accounted !== this.cellsRead) problems.push(`${this.cellsRead} cells read but ${accounted} accounted for`);
    if (handed !== stored + duplicates) problems.push(`${handed} readings handed to the store but ${stored} stored + ${duplicates} duplicates`);
    return {
      cellsRead: this.cellsRead,
      readings: this.fromCells,
      derived: this.derived,
      stored,
      duplicates,
      skipped: listed(this.skipped),
      rejected: listed(this.rejected),
      collapsed: listed(this.collapsed),
      ignored: [...this.ignored].map(([column, e]) => ({ column, reason: e.reason, count: e.count })),
      lines: listed(this.lines),
      balanced: problems.length === 0,
      problems,
    };
  }
}
