import type { Db } from '../db/open';
import { durably } from './durable';
import { requireAuditRack } from './racks';
import { expectedLocation, expectedRef, getAudit, nowIso, requireScanning, type AuditRackRow, type ExpectedRow } from './store';
import type { MissingItem, RackDoneResult, RackProgress } from './types';

/** An expected item (alias e) seen somewhere in the audit. */
export const SEEN_SQL = 'EXISTS (SELECT 1 FROM audit_seen s WHERE s.audit_id = e.audit_id AND s.kind = e.kind AND s.entity_id = e.entity_id)';

interface ProgressRow extends AuditRackRow {
  expected: number;
  seen: number;
  misplaced_here: number;
  unknown_here: number;
}

function toProgress(row: ProgressRow): RackProgress {
  const notSeen = row.expected - row.seen;
  const done = row.done_at !== null;
  const issues = notSeen > 0 || row.misplaced_here > 0 || row.unknown_here > 0;
  const started = row.seen > 0 || row.misplaced_here > 0 || row.unknown_here > 0;
  return {
    rackId: row.rack_id,
    name: row.name,
    path: row.path,
    assetTag: row.asset_tag,
    roomId: row.room_id,
    gridX: row.grid_x,
    gridY: row.grid_y,
    expected: row.expected,
    seen: row.seen,
    misplacedHere: row.misplaced_here,
    unknownHere: row.unknown_here,
    notSeen,
    done,
    doneAt: row.done_at,
    status: done ? (issues ? 'done-with-issues' : 'done') : started ? 'in-progress' : 'pending',
  };
}

/**
 * Per-rack progress of an audit, optionally for one room: what the floor map colours racks by
 * (`status`), and what the scanning screen shows. One grouped query, whatever the number of racks.
 */
export function auditRackProgress(db: Db, auditId: string, roomId?: number): RackProgress[] {
  const audit = getAudit(db, auditId);
  const rows = db
    .prepare(
      `WITH exp AS (
         SELECT e.rack_id, count(*) AS expected, total(${SEEN_SQL}) AS seen FROM audit_expected e WHERE e.audit_id = @a GROUP BY e.rack_id),
       found AS (
         SELECT s.rack_id, total(s.result = 'misplaced') AS misplaced_here, total(s.result = 'unknown') AS unknown_here
         FROM audit_scans s WHERE s.audit_id = @a AND s.result IN ('misplaced','unknown') GROUP BY s.rack_id)
       SELECT ar.*, coalesce(exp.expected, 0) AS expected, coalesce(exp.seen, 0) AS seen,
              coalesce(found.misplaced_here, 0) AS misplaced_here, coalesce(found.unknown_here, 0) AS unknown_here
       FROM audit_racks ar LEFT JOIN exp ON exp.rack_id = ar.rack_id LEFT JOIN found ON found.rack_id = ar.rack_id
       WHERE ar.audit_id = @a AND (@room IS NULL OR ar.room_id = @room)
       ORDER BY ar.path`,
    )
    .all({ a: audit.id, room: roomId ?? null }) as ProgressRow[];
  return rows.map(toProgress);
}

/** Expected items of one rack not seen anywhere in the audit. */
export function missingInRack(db: Db, auditId: string, rack: AuditRackRow): MissingItem[] {
  const rows = db
    .prepare(`SELECT * FROM audit_expected e WHERE e.audit_id = ? AND e.rack_id = ? AND NOT ${SEEN_SQL} ORDER BY e.u_position DESC, e.kind DESC, e.slot`)
    .all(auditId, rack.rack_id) as ExpectedRow[];
  return rows.map((row) => ({ item: expectedRef(row), expected: expectedLocation(row, rack.path) }));
}

/**
 * Marks a rack walked (or not, to reopen it) and returns what is still missing there. Marking done is a
 * technician's statement, kept as evidence; it does not stop scans in that rack.
 */
export function setRackDone(db: Db, auditId: string, rackText: string, done: boolean, by: string): RackDoneResult {
  const rack = durably(db, () => {
    const audit = getAudit(db, auditId);
    requireScanning(audit);
    const rack = requireAuditRack(db, audit.id, audit.scope_label, rackText, null);
    db.prepare('UPDATE audit_racks SET done_at = ?, done_by = ? WHERE audit_id = ? AND rack_id = ?').run(
      done ? (rack.done_at ?? nowIso()) : null,
      done ? (rack.done_by ?? by) : null,
      audit.id,
      rack.rack_id,
    );
    return rack;
  });
  const audit = getAudit(db, auditId);
  const progress = auditRackProgress(db, audit.id).find((p) => p.rackId === rack.rack_id);
  if (!progress) throw new Error(`rack ${rack.rack_id} vanished from audit ${audit.id}`);
  return { rack: progress, missing: missingInRack(db, audit.id, rack) };
}
