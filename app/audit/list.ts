import type { Db } from '../db/open';
import { auditRackProgress } from './progress';
import { getAudit, rackPath, toSummary, type AuditRow, type ScanRow } from './store';
import type { AuditDetail, AuditSummary, ItemKind, ScanRecord } from './types';

export interface ListFilter {
  /** Audits whose racks include this room's. */
  readonly roomId?: number;
  /** Only audits not applied yet. */
  readonly open?: boolean;
}

/** Audits newest first (ULIDs sort by start time). */
export function listAudits(db: Db, filter: ListFilter = {}): AuditSummary[] {
  const rows = db
    .prepare(
      `SELECT * FROM audits a
       WHERE (@room IS NULL OR EXISTS (SELECT 1 FROM audit_racks ar WHERE ar.audit_id = a.id AND ar.room_id = @room))
         AND (@open = 0 OR a.applied_at IS NULL)
       ORDER BY a.id DESC`,
    )
    .all({ room: filter.roomId ?? null, open: filter.open ? 1 : 0 }) as AuditRow[];
  return rows.map((row) => toSummary(db, row));
}

const RECENT_SCANS = 50;

interface ScanWithLabel extends ScanRow {
  label: string | null;
  serial: string | null;
  asset_tag: string | null;
}

function toRecord(db: Db, auditId: string, row: ScanWithLabel): ScanRecord {
  return {
    id: row.id,
    code: row.code,
    rackId: row.rack_id,
    rack: rackPath(db, auditId, row.rack_id),
    u: row.u_position,
    result: row.result,
    item:
      row.entity_kind !== null && row.entity_id !== null
        ? { kind: row.entity_kind satisfies ItemKind, id: row.entity_id, label: row.label ?? row.code, serial: row.serial, assetTag: row.asset_tag }
        : null,
    at: row.scanned_at,
    by: row.scanned_by,
  };
}

/** What the scanning screen needs to resume: the audit, where the technician stands, every rack, the last scans. */
export function auditDetail(db: Db, auditId: string): AuditDetail {
  const audit = getAudit(db, auditId);
  const racks = auditRackProgress(db, audit.id);
  const current = audit.current_rack_id === null ? undefined : racks.find((r) => r.rackId === audit.current_rack_id);
  const scans = db
    .prepare(
      `SELECT s.*, e.label, e.serial, e.asset_tag FROM audit_scans s
       LEFT JOIN audit_expected e ON e.audit_id = s.audit_id AND e.kind = s.entity_kind AND e.entity_id = s.entity_id
       WHERE s.audit_id = ? ORDER BY s.scanned_at DESC, s.id DESC LIMIT ${RECENT_SCANS}`,
    )
    .all(audit.id) as ScanWithLabel[];
  return {
    audit: toSummary(db, audit),
    currentRack: current ? { id: current.rackId, name: current.name, path: current.path } : null,
    racks,
    recentScans: scans.map((row) => toRecord(db, audit.id, row)),
  };
}
