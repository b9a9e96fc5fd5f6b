import type { Db } from '../../db/open';
import type { ImportFieldChange } from '../../inventory/detail-types';
import { cached, type EntityName } from '../../inventory/writes/tables';
import type { PlannedWrite } from './plan';

/**
 * Changes listed in a report; the count keeps going past it. A 100,000-row create would otherwise answer
 * with a million objects, while a technician reads the first screens of a preview.
 */
export const IMPORT_CHANGE_LIMIT = 5000;

/** Reference fields are shown as the name a technician knows (the rack's name, not its id), under the column name. */
const REFERENCES: Readonly<Record<string, { readonly field: string; readonly sql: string }>> = {
  siteId: { field: 'site', sql: 'SELECT code FROM sites WHERE id = ?' },
  roomId: { field: 'room', sql: 'SELECT name FROM rooms WHERE id = ?' },
  rowId: { field: 'row', sql: 'SELECT name FROM rack_rows WHERE id = ?' },
  loopId: { field: 'loop', sql: 'SELECT name FROM cooling_loops WHERE id = ?' },
  rackId: { field: 'rack', sql: 'SELECT name FROM racks WHERE id = ?' },
  typeId: { field: 'deviceType', sql: 'SELECT slug FROM device_types WHERE id = ?' },
  deviceId: { field: 'device', sql: 'SELECT coalesce(hostname, serial, id) FROM devices WHERE id = ?' },
};

type Value = string | number | boolean | null;

/** How a technician names the part a row is about: its hostname, serial, name or code; a GPU by its slot. */
function labelOf(row: Record<string, unknown>): string | null {
  for (const key of ['hostname', 'serial', 'name', 'code']) {
    const value = row[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return typeof row['slot'] === 'number' ? `slot ${row['slot']}` : null;
}

function shown(db: Db, key: string, value: unknown, pending: Readonly<Record<string, string>> | undefined): Value {
  const ref = REFERENCES[key];
  if (pending?.[key] !== undefined && value === null) return pending[key] ?? null;
  if (value === null || value === undefined) return null;
  if (!ref) return value as Value;
  return (cached(db, ref.sql, 'pluck').get(value) as Value | undefined) ?? (value as Value);
}

/**
 * What each planned write would change, field by field: an update lists the fields that differ, a create
 * every field it sets. Collected up to `limit`; `count` is the total.
 */
export class ChangeList {
  readonly changes: ImportFieldChange[] = [];
  count = 0;

  constructor(
    private readonly db: Db,
    private readonly limit = IMPORT_CHANGE_LIMIT,
  ) {}

  add<E extends EntityName>(write: PlannedWrite<E>): void {
    const before = write.before as Record<string, unknown> | null;
    const after = write.row as unknown as Record<string, unknown>;
    const label = (before ? labelOf(before) : null) ?? labelOf(after);
    for (const [key, value] of Object.entries(after)) {
      const old = before ? before[key] : null;
      const pending = write.pending?.[key];
      if (before && old === value && pending === undefined) continue;
      if (!before && value === null) continue;
      this.count++;
      if (this.changes.length >= this.limit) continue;
      this.changes.push({
        row: write.fileRow,
        entity: write.entity,
        id: before ? (before['id'] as number) : null,
        label,
        field: REFERENCES[key]?.field ?? key,
        before: before ? shown(this.db, key, old, undefined) : null,
        after: shown(this.db, key, value, write.pending),
      });
    }
  }
}
