import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { durably } from './durable';
import { SEEN_SQL } from './progress';
import { ulid } from './ids';
import { findAuditRack, liveRackByTag, requireAuditRack } from './racks';
import {
  describeLocation,
  expectedLocation,
  expectedRef,
  getAudit,
  liveRackPath,
  nowIso,
  rackPath,
  requireScanning,
  seenCount,
  type AuditRackRow,
  type AuditRow,
  type ExpectedRow,
} from './store';
import type { ItemKind, ItemRef, ItemResult, Location, ScanResult } from './types';

export interface ScanInput {
  readonly code: string;
  /** Sets the current rack before the code is classified (CLI --rack, or a rack picked on screen). */
  readonly rack?: string;
  /** The U the item was found at, when the technician records it. */
  readonly u?: number;
}

/** Barcode scanners may add a prefix of control characters or trailing spaces; labels never carry them. */
export function normaliseCode(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

interface LiveItem {
  readonly ref: ItemRef;
  readonly location: Location | null;
}

/** An item of the live inventory by device serial or asset tag, or accelerator serial. */
function findLiveItem(db: Db, code: string): LiveItem | null {
  const device = db
    .prepare(
      `SELECT d.id, d.serial, d.asset_tag, d.rack_id, d.u_position, t.vendor || ' ' || t.model || coalesce(' ' || d.hostname, '') AS label
       FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.serial = @c OR d.asset_tag = @c LIMIT 1`,
    )
    .get({ c: code }) as { id: number; serial: string | null; asset_tag: string | null; rack_id: number | null; u_position: number | null; label: string } | undefined;
  if (device) {
    return {
      ref: { kind: 'device', id: device.id, label: device.label, serial: device.serial, assetTag: device.asset_tag },
      location:
        device.rack_id === null ? null : { rackId: device.rack_id, rack: liveRackPath(db, device.rack_id), u: device.u_position, deviceId: null, slot: null },
    };
  }
  const gpu = db
    .prepare(
      `SELECT g.id, g.serial, g.slot, d.id AS device_id, d.rack_id, d.u_position,
              g.model || ' slot ' || g.slot || ' in ' || coalesce(d.hostname, d.serial, 'device ' || d.id) AS label
       FROM accelerators g JOIN devices d ON d.id = g.device_id WHERE g.serial = ?`,
    )
    .get(code) as { id: number; serial: string; slot: number; device_id: number; rack_id: number | null; u_position: number | null; label: string } | undefined;
  if (gpu) {
    return {
      ref: { kind: 'accelerator', id: gpu.id, label: gpu.label, serial: gpu.serial, assetTag: null },
      location: gpu.rack_id === null ? null : { rackId: gpu.rack_id, rack: liveRackPath(db, gpu.rack_id), u: gpu.u_position, deviceId: gpu.device_id, slot: gpu.slot },
    };
  }
  return null;
}

function firstSighting(db: Db, audit: AuditRow, where: { kind: ItemKind; id: number } | { code: string }): { rack: string; at: string } | null {
  const row = (
    'code' in where
      ? db
          .prepare("SELECT rack_id, scanned_at FROM audit_scans INDEXED BY audit_scans_by_code WHERE audit_id = ? AND code = ? AND result = 'unknown' ORDER BY scanned_at, id LIMIT 1")
          .get(audit.id, where.code)
      : db
          .prepare(
            `SELECT rack_id, scanned_at FROM audit_scans INDEXED BY audit_scans_by_entity
             WHERE audit_id = ? AND entity_kind = ? AND entity_id = ? AND result IN ('matched','misplaced')
             ORDER BY scanned_at, id LIMIT 1`,
          )
          .get(audit.id, where.kind, where.id)
  ) as { rack_id: number; scanned_at: string } | undefined;
  return row ? { rack: rackPath(db, audit.id, row.rack_id), at: row.scanned_at } : null;
}

function rackProgressCounts(db: Db, auditId: string, rackId: number): { rackExpected: number; rackSeen: number } {
  const row = db
    .prepare(
      `SELECT count(*) AS expected, total(${SEEN_SQL}) AS seen FROM audit_expected e WHERE e.audit_id = ? AND e.rack_id = ?`,
    )
    .get(auditId, rackId) as { expected: number; seen: number };
  return { rackExpected: row.expected, rackSeen: row.seen };
}

function currentRoomId(db: Db, audit: AuditRow): number | null {
  if (audit.current_rack_id === null) return null;
  return (db.prepare('SELECT room_id FROM audit_racks WHERE audit_id = ? AND rack_id = ?').pluck().get(audit.id, audit.current_rack_id) as number | undefined) ?? null;
}

interface Classified {
  readonly result: ItemResult;
  readonly item: ItemRef | null;
  readonly expected: Location | null;
  readonly expectedWhere: string | null;
  readonly firstSeen: { rack: string; at: string } | null;
}

/**
 * The classification rules. The frozen list of the audit is asked first, then the live inventory (an item
 * from outside the audit's racks, or an accelerator in a devices-only audit):
 * - an item already seen in this audit (matched or misplaced) → duplicate, with where it was first seen;
 * - an item expected (or, outside the list, recorded) in the current rack → matched;
 * - an item expected anywhere else, or in no rack at all → misplaced, saying where;
 * - a code the inventory does not know → unknown; the same unknown code again → duplicate.
 */
function classify(db: Db, audit: AuditRow, code: string, rack: AuditRackRow): Classified {
  // INDEXED BY: without ANALYZE statistics SQLite would walk the whole audit by its primary key instead.
  const expected = (db.prepare('SELECT * FROM audit_expected INDEXED BY audit_expected_by_tag WHERE audit_id = ? AND asset_tag = ? LIMIT 1').get(audit.id, code) ??
    db.prepare('SELECT * FROM audit_expected INDEXED BY audit_expected_by_serial WHERE audit_id = ? AND serial = ? ORDER BY kind DESC LIMIT 1').get(audit.id, code)) as
    | ExpectedRow
    | undefined;
  let item: ItemRef;
  let location: Location | null;
  if (expected) {
    item = expectedRef(expected);
    location = expectedLocation(expected, rackPath(db, audit.id, expected.rack_id));
  } else {
    const live = findLiveItem(db, code);
    if (!live) {
      const first = firstSighting(db, audit, { code });
      return { result: first ? 'duplicate' : 'unknown', item: null, expected: null, expectedWhere: null, firstSeen: first };
    }
    item = live.ref;
    location = live.location;
  }
  const expectedWhere = location ? describeLocation(location) : 'no rack';
  const first = firstSighting(db, audit, { kind: item.kind, id: item.id });
  if (first) return { result: 'duplicate', item, expected: location, expectedWhere, firstSeen: first };
  const here = location !== null && location.rackId === rack.rack_id;
  return { result: here ? 'matched' : 'misplaced', item, expected: location, expectedWhere, firstSeen: null };
}

function message(result: Classified, code: string, rack: AuditRackRow): string {
  switch (result.result) {
    case 'matched':
      return `Matched: ${result.item?.label ?? code}.`;
    case 'misplaced':
      return result.expected
        ? `Misplaced: ${result.item?.label ?? code} is expected in ${describeLocation(result.expected)}, found in ${rack.path}.`
        : `Misplaced: the inventory has ${result.item?.label ?? code} in no rack; found in ${rack.path}.`;
    case 'unknown':
      return `Unknown: ${code} is not in the inventory.`;
    case 'duplicate':
      return `Duplicate: ${code} was already scanned in ${result.firstSeen?.rack ?? 'this audit'} at ${result.firstSeen?.at ?? '?'}.`;
  }
}

/**
 * Records one scan and classifies it. A rack label switches the current rack; any other code is classified
 * at once against the rack the technician stands at. The scan row and the new position are committed in one
 * durable transaction before this returns, so an acknowledged scan survives a killed app or a power cut.
 */
export function scanCode(db: Db, auditId: string, input: ScanInput, by: string): ScanResult {
  const code = normaliseCode(input.code);
  if (code === '') throw new FloorwalkError('invalid_input', 'The scanned code is empty.', { field: 'code' });
  if (code.length > 200) throw new FloorwalkError('invalid_input', 'The scanned code is longer than any label (200 characters).', { field: 'code' });

  return durably(db, () => {
    const audit = getAudit(db, auditId);
    requireScanning(audit);
    const scannedAt = nowIso();
    const scanId = ulid();
    let rack: AuditRackRow | null =
      audit.current_rack_id === null
        ? null
        : ((db.prepare('SELECT * FROM audit_racks WHERE audit_id = ? AND rack_id = ?').get(audit.id, audit.current_rack_id) as AuditRackRow | undefined) ?? null);
    if (input.rack !== undefined) rack = requireAuditRack(db, audit.id, audit.scope_label, input.rack, currentRoomId(db, audit));
    const rackChanged = rack !== null && rack.rack_id !== audit.current_rack_id;

    const rackLabel = findAuditRack(db, audit.id, code, rack?.room_id ?? null, false);
    if (rackLabel) {
      db.prepare(
        `INSERT INTO audit_scans (id, audit_id, code, rack_id, u_position, result, scanned_at, scanned_by) VALUES (?, ?, ?, ?, NULL, 'rack', ?, ?)`,
      ).run(scanId, audit.id, code, rackLabel.rack_id, scannedAt, by);
      db.prepare('UPDATE audits SET current_rack_id = ?, current_device_id = NULL WHERE id = ?').run(rackLabel.rack_id, audit.id);
      const counts = rackProgressCounts(db, audit.id, rackLabel.rack_id);
      return {
        result: 'rack',
        scan: scanId,
        code,
        rack: { id: rackLabel.rack_id, name: rackLabel.name, path: rackLabel.path },
        item: null,
        expected: null,
        firstSeen: null,
        message: `Rack ${rackLabel.path}: ${counts.rackSeen} of ${counts.rackExpected} expected items seen.`,
        progress: { ...counts, expected: audit.expected_count, seen: seenCount(db, audit.id) },
      };
    }
    const outside = liveRackByTag(db, code);
    if (outside) throw new FloorwalkError('invalid_input', `Rack ${outside.path} is not part of this audit (${audit.scope_label}).`, { field: 'code' });
    if (!rack) throw new FloorwalkError('invalid_input', `Scan a rack label first: ${code} needs the rack it was found in.`, { field: 'rack' });

    const classified = classify(db, audit, code, rack);
    const item = classified.item;
    const deviceContext = rackChanged ? null : audit.current_device_id;
    db.prepare(
      `INSERT INTO audit_scans (id, audit_id, code, rack_id, u_position, result, entity_kind, entity_id, expected_rack_id, expected_where,
         device_context_id, scanned_at, scanned_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      scanId,
      audit.id,
      code,
      rack.rack_id,
      input.u ?? null,
      classified.result,
      item?.kind ?? null,
      item?.id ?? null,
      classified.expected?.rackId ?? null,
      classified.expectedWhere,
      // An unknown code keeps the server it was scanned in too: the replacement part of an open RMA case there.
      item === null || item.kind === 'accelerator' ? deviceContext : null,
      scannedAt,
      by,
    );
    // A server scanned becomes the context for the GPUs scanned next (where a misplaced GPU would go).
    const nextDevice = item?.kind === 'device' && classified.result !== 'duplicate' ? item.id : deviceContext;
    db.prepare('UPDATE audits SET current_rack_id = ?, current_device_id = ? WHERE id = ?').run(rack.rack_id, nextDevice, audit.id);
    const counts = rackProgressCounts(db, audit.id, rack.rack_id);
    return {
      result: classified.result,
      scan: scanId,
      code,
      rack: { id: rack.rack_id, name: rack.name, path: rack.path },
      item,
      expected: classified.expected,
      firstSeen: classified.firstSeen,
      message: message(classified, code, rack),
      progress: { ...counts, expected: audit.expected_count, seen: seenCount(db, audit.id) },
    };
  });
}
