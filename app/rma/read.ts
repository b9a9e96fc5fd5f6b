import type { Db } from '../db/open';
import type { RmaCase, RmaEvent, RmaStatus, RmaStep, SlotHistoryEntry } from './types';

interface CaseRow {
  id: number;
  status: RmaStatus;
  deviceId: number;
  device: string;
  slot: number;
  acceleratorId: number | null;
  site: string | null;
  room: string | null;
  rack: string | null;
  rackId: number | null;
  u: number | null;
  partSerial: string | null;
  partUuid: string | null;
  partModel: string | null;
  newSerial: string | null;
  newUuid: string | null;
  reason: string | null;
  findingKind: string | null;
  evidence: string | null;
  openedAt: string;
  openedBy: string;
  swappedAt: string | null;
  swappedBy: string | null;
  verifiedAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
  boardSerial: string | null;
  boardGroup: number | null;
}

export const CASE_SELECT = `
  SELECT c.id, c.status, c.device_id AS deviceId, coalesce(d.hostname, d.serial, 'device ' || d.id) AS device, c.slot,
         c.accelerator_id AS acceleratorId, st.code AS site, rm.name AS room, rk.name AS rack, rk.id AS rackId, d.u_position AS u,
         c.part_serial AS partSerial, c.part_uuid AS partUuid, c.part_model AS partModel, c.new_serial AS newSerial, c.new_uuid AS newUuid,
         c.reason, c.finding_kind AS findingKind, c.evidence, c.opened_at AS openedAt, c.opened_by AS openedBy,
         c.swapped_at AS swappedAt, c.swapped_by AS swappedBy, c.verified_at AS verifiedAt, c.closed_at AS closedAt, c.closed_by AS closedBy,
         c.board_serial AS boardSerial, c.board_group AS boardGroup
  FROM rma_cases c JOIN devices d ON d.id = c.device_id
  LEFT JOIN racks rk ON rk.id = d.rack_id LEFT JOIN rooms rm ON rm.id = rk.room_id LEFT JOIN sites st ON st.id = rm.site_id`;

export function slotPath(place: { site: string | null; room: string | null; rack: string | null; u: number | null; device: string; slot: number }): string {
  return [place.site, place.room, place.rack ?? 'unracked', place.u === null ? null : `U${place.u}`, place.device, `GPU ${place.slot}`]
    .filter((p): p is string => p !== null)
    .join(' / ');
}

function eventsOf(db: Db, caseId: number): RmaEvent[] {
  return db.prepare('SELECT id, at, actor, step, serial, note FROM rma_events WHERE case_id = ? ORDER BY id').all(caseId) as Array<RmaEvent & { step: RmaStep }>;
}

function toCase(db: Db, row: CaseRow): RmaCase {
  const { site, room, rack, u, evidence, boardGroup, ...rest } = row;
  const boardCaseIds = boardGroup === null ? [] : (db.prepare('SELECT id FROM rma_cases WHERE board_group = ? ORDER BY id').pluck().all(boardGroup) as number[]);
  let parsed: unknown = null;
  if (evidence !== null) {
    try {
      parsed = JSON.parse(evidence) as unknown;
    } catch {
      parsed = evidence;
    }
  }
  return { ...rest, boardCaseIds, evidence: parsed, path: slotPath({ site, room, rack, u, device: row.device, slot: row.slot }), events: eventsOf(db, row.id) };
}

export function readCases(db: Db, where: string, params: Record<string, unknown>): RmaCase[] {
  const rows = db.prepare(`${CASE_SELECT} ${where}`).all(params) as CaseRow[];
  return rows.map((row) => toCase(db, row));
}

export function readCase(db: Db, id: number): RmaCase | null {
  return readCases(db, 'WHERE c.id = @id', { id })[0] ?? null;
}

interface HistoryRow {
  deviceId: number;
  device: string;
  slot: number;
  serial: string | null;
  uuid: string | null;
  model: string | null;
  installedAt: string | null;
  removedAt: string | null;
  installedCaseId: number | null;
  removedCaseId: number | null;
}

export const HISTORY_SELECT = `
  SELECT h.device_id AS deviceId, coalesce(d.hostname, d.serial, 'device ' || d.id) AS device, h.slot, h.serial, h.uuid, h.model,
         h.installed_at AS installedAt, h.removed_at AS removedAt, h.installed_case_id AS installedCaseId, h.removed_case_id AS removedCaseId
  FROM slot_history h JOIN devices d ON d.id = h.device_id`;

export function toEntries(rows: readonly HistoryRow[]): SlotHistoryEntry[] {
  return rows.map((row) => ({ ...row, current: row.removedAt === null }));
}

export function readHistory(db: Db, where: string, params: Record<string, unknown>): SlotHistoryEntry[] {
  return toEntries(db.prepare(`${HISTORY_SELECT} ${where} ORDER BY h.id`).all(params) as HistoryRow[]);
}
