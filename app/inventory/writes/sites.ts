import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import { cached, type SiteRow } from './tables';
import { plural, type EntityOps, type NewRow } from './entity';

/** True when the runtime knows the IANA zone; a typo would shift every timestamp of the site. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function siteProblems(db: Db, row: NewRow<'site'>, selfId: number | null): FloorwalkError | null {
  const other = cached(db, 'SELECT id, code, name FROM sites WHERE code = ? AND id IS NOT ?').get(row.code, selfId) as SiteRow | undefined;
  if (other) return new FloorwalkError('conflict', `Site code ${row.code} is already used by ${other.name} (${other.code}).`, { field: 'code' });
  if (!isTimeZone(row.timezone)) {
    return new FloorwalkError('rule_violation', `${row.timezone} is not a time zone; use an IANA name such as Europe/Dublin or America/Phoenix.`, { field: 'timezone' });
  }
  return null;
}

export const siteOps: EntityOps<'site'> = {
  entity: 'site',
  noun: 'site',
  moveFields: [],
  name: (row) => `site ${row.code}`,
  validate(db, row, selfId) {
    const problem = siteProblems(db, row, selfId);
    if (problem) throw problem;
  },
  deleteBlocker(db, row) {
    const rooms = cached(db, 'SELECT count(*) FROM rooms WHERE site_id = ?', 'pluck').get(row.id) as number;
    return rooms > 0 ? `Site ${row.code} still has ${plural(rooms, 'room')}; delete or move them first.` : null;
  },
};
