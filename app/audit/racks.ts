import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { resolveRack } from '../inventory/resolve';
import type { AuditRackRow } from './store';

/**
 * A rack of the audit named by a rack label (asset tag), a name, or SITE/ROOM/RACK; with `allowId`, also
 * its id (typed --rack values, never scanned codes: a numeric serial must not turn into a rack). A name
 * shared by racks of several rooms (a site-wide audit) is taken in the room the technician stands in.
 */
export function findAuditRack(db: Db, auditId: string, text: string, currentRoomId: number | null, allowId: boolean): AuditRackRow | null {
  const query = text.trim();
  const byTag = db.prepare('SELECT * FROM audit_racks INDEXED BY audit_racks_by_tag WHERE audit_id = ? AND asset_tag = ?').all(auditId, query) as AuditRackRow[];
  if (byTag.length === 1 && byTag[0]) return byTag[0];
  if (allowId && /^\d+$/.test(query)) {
    const byId = db.prepare('SELECT * FROM audit_racks WHERE audit_id = ? AND rack_id = ?').get(auditId, Number(query)) as AuditRackRow | undefined;
    if (byId) return byId;
  }
  const byPath = db.prepare('SELECT * FROM audit_racks WHERE audit_id = ? AND path = ? COLLATE NOCASE').get(auditId, query) as AuditRackRow | undefined;
  if (byPath) return byPath;
  const byName = db.prepare('SELECT * FROM audit_racks INDEXED BY audit_racks_by_name WHERE audit_id = ? AND name = ?').all(auditId, query) as AuditRackRow[];
  if (byName.length === 1 && byName[0]) return byName[0];
  if (byName.length > 1) {
    const here = byName.filter((r) => r.room_id === currentRoomId);
    if (here.length === 1 && here[0]) return here[0];
    throw new FloorwalkError('invalid_input', `"${query}" names ${byName.length} racks of this audit (${byName.map((r) => r.path).join(', ')}); scan the rack's asset-tag label.`, {
      field: 'rack',
    });
  }
  return null;
}

/** The rack a typed --rack value names; it must belong to the audit. */
export function requireAuditRack(db: Db, auditId: string, scopeLabel: string, text: string, currentRoomId: number | null): AuditRackRow {
  const found = findAuditRack(db, auditId, text, currentRoomId, true);
  if (found) return found;
  const live = resolveRack(db, text);
  throw new FloorwalkError('invalid_input', `Rack ${live.name} is not part of this audit (${scopeLabel}).`, { field: 'rack' });
}

/** A rack label of a rack outside the audit: scanned by mistake, worth a clear word rather than "unknown". */
export function liveRackByTag(db: Db, code: string): { id: number; path: string } | null {
  const row = db
    .prepare(
      `SELECT rk.id, s.code || '/' || rm.name || '/' || rk.name AS path FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id
       WHERE rk.asset_tag = ?`,
    )
    .get(code) as { id: number; path: string } | undefined;
  return row ?? null;
}
