import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import type { AuditScopeKind, AuditState, AuditSummary, ItemKind, ItemRef, Location } from './types';

export { describeLocation } from './store-format';

/** Row shapes and small shared queries of the audit tables. */

export interface AuditRow {
  id: string;
  inventory_id: string;
  scope_kind: AuditScopeKind;
  scope_label: string;
  site_id: number | null;
  room_id: number | null;
  include_accelerators: number;
  technician: string;
  started_at: string;
  finished_at: string | null;
  finished_by: string | null;
  expected_count: number;
  expected_digest: string;
  current_rack_id: number | null;
  current_device_id: number | null;
  applied_at: string | null;
  applied_by: string | null;
  change_set: string | null;
}

export interface AuditRackRow {
  audit_id: string;
  rack_id: number;
  name: string;
  asset_tag: string | null;
  room_id: number;
  path: string;
  grid_x: number;
  grid_y: number;
  done_at: string | null;
  done_by: string | null;
}

export interface ExpectedRow {
  audit_id: string;
  kind: ItemKind;
  entity_id: number;
  serial: string | null;
  asset_tag: string | null;
  label: string;
  rack_id: number;
  u_position: number | null;
  device_id: number | null;
  slot: number | null;
}

export interface ScanRow {
  id: string;
  audit_id: string;
  code: string;
  rack_id: number;
  u_position: number | null;
  result: 'rack' | 'matched' | 'misplaced' | 'unknown' | 'duplicate';
  entity_kind: ItemKind | null;
  entity_id: number | null;
  expected_rack_id: number | null;
  expected_where: string | null;
  device_context_id: number | null;
  scanned_at: string;
  scanned_by: string;
}

export interface DecisionRow {
  audit_id: string;
  item_key: string;
  decision: 'accept' | 'reject';
  type_id: number | null;
  identity: 'serial' | 'asset_tag' | null;
  u_position: number | null;
  target_device_id: number | null;
  slot: number | null;
  decided_at: string;
  decided_by: string;
}

export function getAudit(db: Db, auditId: string): AuditRow {
  const row = db.prepare('SELECT * FROM audits WHERE id = ?').get(auditId.trim().toUpperCase()) as AuditRow | undefined;
  if (!row) throw new FloorwalkError('not_found', `No audit ${auditId}. "floorwalk audit list" shows the audits of this database.`, { field: 'audit' });
  return row;
}

export function auditState(row: AuditRow): AuditState {
  if (row.applied_at) return 'applied';
  if (row.finished_at) return 'reconciled';
  return 'scanning';
}

/** Refuses scanning into an audit that is finished or applied. */
export function requireScanning(row: AuditRow): void {
  const state = auditState(row);
  if (state === 'applied') throw new FloorwalkError('conflict', `Audit ${row.id} was applied on ${row.applied_at}; start a new audit to scan again.`);
  if (state === 'reconciled') throw new FloorwalkError('conflict', `Audit ${row.id} is finished (reconciled); start a new audit to scan again.`);
}

/** Expected items seen anywhere in the audit (a merge can bring two sightings of one item; audit_seen holds one). */
export function seenCount(db: Db, auditId: string): number {
  return db.prepare('SELECT count(*) FROM audit_seen WHERE audit_id = ? AND expected = 1').pluck().get(auditId) as number;
}

export function toSummary(db: Db, row: AuditRow): AuditSummary {
  const racks = db.prepare('SELECT count(*) AS racks, count(done_at) AS done FROM audit_racks WHERE audit_id = ?').get(row.id) as { racks: number; done: number };
  const scans = db.prepare("SELECT count(*) FROM audit_scans WHERE audit_id = ? AND result <> 'rack'").pluck().get(row.id) as number;
  return {
    id: row.id,
    scopeKind: row.scope_kind,
    scopeLabel: row.scope_label,
    siteId: row.site_id,
    roomId: row.room_id,
    includeAccelerators: row.include_accelerators === 1,
    technician: row.technician,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    appliedAt: row.applied_at,
    changeSet: row.change_set,
    state: auditState(row),
    expected: row.expected_count,
    seen: seenCount(db, row.id),
    scans,
    racks: racks.racks,
    racksDone: racks.done,
  };
}

/** SITE/ROOM/RACK of a live rack (for items outside the audit's racks). */
export function liveRackPath(db: Db, rackId: number): string {
  const path = db
    .prepare(
      `SELECT s.code || '/' || rm.name || '/' || rk.name FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id WHERE rk.id = ?`,
    )
    .pluck()
    .get(rackId) as string | undefined;
  return path ?? `rack ${rackId} (deleted)`;
}

/** The frozen path of a rack of the audit, or the live one for a rack outside it. */
export function rackPath(db: Db, auditId: string, rackId: number): string {
  const frozen = db.prepare('SELECT path FROM audit_racks WHERE audit_id = ? AND rack_id = ?').pluck().get(auditId, rackId) as string | undefined;
  return frozen ?? liveRackPath(db, rackId);
}

export function expectedRef(row: ExpectedRow): ItemRef {
  return { kind: row.kind, id: row.entity_id, label: row.label, serial: row.serial, assetTag: row.asset_tag };
}

export function expectedLocation(row: ExpectedRow, path: string): Location {
  return { rackId: row.rack_id, rack: path, u: row.u_position, deviceId: row.device_id, slot: row.slot };
}

export function nowIso(): string {
  return new Date().toISOString();
}
