import { FloorwalkError } from '../core/errors';
import { parseCsvText, type CsvRecord } from '../core/csv';
import { resolveRack } from '../inventory/resolve';
import { elementByName, saveElement, setFeed, siteElementMap, type WriteActor } from './writes';
import { POWER_KINDS, type PowerKind, type PowerSide } from './types';

export type PowerImportKind = 'elements' | 'feeds';

/** The columns each kind reads; `required` ones must be in the header. Documented in the README. */
export const POWER_CSV_COLUMNS: Record<PowerImportKind, { readonly required: readonly string[]; readonly optional: readonly string[] }> = {
  elements: { required: ['site', 'name', 'kind'], optional: ['parent', 'side', 'rating_kw', 'amps_per_phase', 'voltage_v', 'phases', 'room'] },
  feeds: { required: ['rack', 'side', 'element'], optional: ['pdu'] },
};

export interface PowerImportError {
  readonly row: number;
  readonly column: string | null;
  readonly reason: string;
}

export interface PowerImportReport {
  readonly kind: PowerImportKind;
  readonly name: string;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly dryRun: boolean;
  readonly committed: boolean;
  readonly errors: PowerImportError[];
  readonly unknownColumns: string[];
}

const normalise = (header: string): string => header.trim().toLowerCase().replace(/[\s-]+/g, '_');

class RollBack extends Error {}

/**
 * Imports a power chain CSV: all rows or none. Every row is checked by the same rules as an edit in the
 * console; errors are collected with their line and column, and any error (or a dry run) rolls back.
 * Element rows may come in any order: a row whose parent is further down waits for it.
 */
export function importPowerCsv(w: WriteActor, input: { kind: PowerImportKind; text: string; name: string; dryRun?: boolean; reason?: string }): PowerImportReport {
  const table = parseCsvText(input.text);
  const header = table.header.map(normalise);
  const spec = POWER_CSV_COLUMNS[input.kind];
  const errors: PowerImportError[] = [];
  const missing = spec.required.filter((c) => !header.includes(c));
  const known = new Set([...spec.required, ...spec.optional]);
  const unknownColumns = table.header.filter((h, i) => !known.has(header[i] ?? '') && h.trim() !== '');
  if (missing.length > 0) {
    for (const c of missing) errors.push({ row: table.headerLine, column: c, reason: `the header lacks the column "${c}" (needs ${spec.required.join(', ')})` });
    return { kind: input.kind, name: input.name, rows: table.records.length, created: 0, updated: 0, dryRun: input.dryRun ?? false, committed: false, errors, unknownColumns };
  }
  const counts = { created: 0, updated: 0 };
  const cell = (record: CsvRecord, column: string): string => (record.fields[header.indexOf(column)] ?? '').trim();
  const guard = (record: CsvRecord, column: string | null, run: () => void): void => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof FloorwalkError)) throw error;
      errors.push({ row: record.line, column: error.field !== undefined ? fieldToColumn(error.field) : column, reason: error.message });
    }
  };
  const records = table.records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  try {
    w.db.transaction(() => {
      if (input.kind === 'elements') importElements(w, records, cell, guard, counts, input.reason);
      else importFeeds(w, records, cell, guard, counts, input.reason);
      if (errors.length > 0 || input.dryRun) throw new RollBack();
    })();
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  errors.sort((a, b) => a.row - b.row);
  return { kind: input.kind, name: input.name, rows: records.length, ...counts, dryRun: input.dryRun ?? false, committed: errors.length === 0 && !input.dryRun, errors, unknownColumns };
}

function fieldToColumn(field: string): string {
  return ({ ratingKw: 'rating_kw', parentId: 'parent', ampsPerPhase: 'amps_per_phase', voltageV: 'voltage_v', roomId: 'room', element: 'element' } as Record<string, string>)[field] ?? field;
}

type Cell = (record: CsvRecord, column: string) => string;
type Guard = (record: CsvRecord, column: string | null, run: () => void) => void;

function number(text: string, column: string): number | null {
  if (text === '') return null;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new FloorwalkError('invalid_input', `"${text}" is not a number (use digits and a point, no unit, no thousands separator)`, { field: column });
  return Number(text);
}

function side(text: string, column: string): PowerSide | null {
  const s = text.toUpperCase();
  if (s === '') return null;
  if (s === 'A' || s === 'B') return s;
  throw new FloorwalkError('invalid_input', `side is A, B or empty, not "${text}"`, { field: column });
}

function importElements(w: WriteActor, records: CsvRecord[], cell: Cell, guard: Guard, counts: { created: number; updated: number }, reason?: string): void {
  let pending = records;
  const siteIds = new Map<string, number | null>();
  const siteId = (code: string): number => {
    if (!siteIds.has(code)) siteIds.set(code, (w.db.prepare('SELECT id FROM sites WHERE code = ?').pluck().get(code) as number | undefined) ?? null);
    const id = siteIds.get(code);
    if (id === null || id === undefined) throw new FloorwalkError('not_found', `no site "${code}"`, { field: 'site' });
    return id;
  };
  // Rows wait for parents further down the file; each pass places at least one, or the rest are errors.
  for (;;) {
    const waiting: CsvRecord[] = [];
    for (const record of pending) {
      const parentName = cell(record, 'parent');
      const code = cell(record, 'site');
      let site: number | null = null;
      guard(record, 'site', () => {
        site = siteId(code);
      });
      if (site === null) continue;
      const parent = parentName === '' ? null : elementByName(w.db, site, parentName);
      if (parentName !== '' && !parent) {
        waiting.push(record);
        continue;
      }
      guard(record, null, () => {
        const kind = cell(record, 'kind').toLowerCase();
        if (!(POWER_KINDS as readonly string[]).includes(kind)) throw new FloorwalkError('invalid_input', `kind is one of ${POWER_KINDS.join(', ')}, not "${cell(record, 'kind')}"`, { field: 'kind' });
        const roomName = cell(record, 'room');
        let roomId: number | null = null;
        if (roomName !== '') {
          roomId = (w.db.prepare('SELECT id FROM rooms WHERE site_id = ? AND name = ?').pluck().get(site, roomName) as number | undefined) ?? null;
          if (roomId === null) throw new FloorwalkError('not_found', `no room "${roomName}" at ${code}`, { field: 'room' });
        }
        const phasesText = cell(record, 'phases');
        if (phasesText !== '' && phasesText !== '1' && phasesText !== '3') throw new FloorwalkError('invalid_input', `phases is 1 or 3, not "${phasesText}"`, { field: 'phases' });
        const existing = elementByName(w.db, site as number, cell(record, 'name'));
        saveElement(
          w,
          {
            siteId: site as number,
            roomId,
            name: cell(record, 'name'),
            kind: kind as PowerKind,
            parentId: parent?.id ?? null,
            side: side(cell(record, 'side'), 'side'),
            ratingKw: number(cell(record, 'rating_kw'), 'rating_kw'),
            ampsPerPhase: number(cell(record, 'amps_per_phase'), 'amps_per_phase'),
            voltageV: number(cell(record, 'voltage_v'), 'voltage_v'),
            phases: phasesText === '1' ? 1 : 3,
          },
          existing?.id ?? null,
          reason,
        );
        counts[existing ? 'updated' : 'created']++;
      });
    }
    if (waiting.length === 0) return;
    if (waiting.length === pending.length) {
      for (const record of waiting) guard(record, 'parent', () => {
        throw new FloorwalkError('not_found', `no element "${cell(record, 'parent')}" at ${cell(record, 'site')}, in the file or the database (or the parents form a loop)`, { field: 'parent' });
      });
      return;
    }
    pending = waiting;
  }
}

function importFeeds(w: WriteActor, records: CsvRecord[], cell: Cell, guard: Guard, counts: { created: number; updated: number }, reason?: string): void {
  const siteElements = new Map<number, ReturnType<typeof siteElementMap>>();
  for (const record of records) {
    guard(record, null, () => {
      let rack;
      try {
        rack = resolveRack(w.db, cell(record, 'rack'));
      } catch (error) {
        if (error instanceof FloorwalkError) throw new FloorwalkError(error.code, error.message, { field: 'rack' });
        throw error;
      }
      const s = side(cell(record, 'side'), 'side');
      if (s === null) throw new FloorwalkError('invalid_input', 'side is A or B', { field: 'side' });
      const site = w.db.prepare('SELECT site_id FROM rooms WHERE id = ?').pluck().get(rack.roomId) as number;
      const element = elementByName(w.db, site, cell(record, 'element'));
      if (!element) throw new FloorwalkError('not_found', `no element "${cell(record, 'element')}" at the rack's site`, { field: 'element' });
      const pduText = cell(record, 'pdu');
      let pduDeviceId: number | null = null;
      if (pduText !== '') {
        pduDeviceId = (w.db.prepare('SELECT id FROM devices WHERE rack_id = ? AND (hostname = ? OR serial = ? OR asset_tag = ?)').pluck().get(rack.id, pduText, pduText, pduText) as number | undefined) ?? null;
        if (pduDeviceId === null) throw new FloorwalkError('not_found', `no device "${pduText}" in rack ${rack.name}`, { field: 'pdu' });
      }
      const existed = w.db.prepare('SELECT 1 FROM power_feeds WHERE rack_id = ? AND side = ?').get(rack.id, s) !== undefined;
      let elements = siteElements.get(site);
      if (!elements) siteElements.set(site, (elements = siteElementMap(w.db, site)));
      setFeed(w, { rackId: rack.id, side: s, elementId: element.id, pduDeviceId }, reason, elements);
      counts[existed ? 'updated' : 'created']++;
    });
  }
}
