import type { Db } from '../db/open';
import {
  expectedLocation,
  expectedRef,
  getAudit,
  liveRackPath,
  nowIso,
  toSummary,
  type AuditRackRow,
  type DecisionRow,
  type ExpectedRow,
  type ScanRow,
} from './store';
import { RmaIndex } from './rma';
import type { DuplicateItem, ItemRef, Location, MatchedItem, ReconItem, Reconciliation, ReconciliationDetails, RmaItem } from './types';

export function entityKey(kind: string, id: number): string {
  return `${kind}:${id}`;
}

export function unknownKey(code: string): string {
  return `unknown:${code.toUpperCase()}`;
}

/** Everything the reconciliation is derived from, loaded once. */
interface AuditData {
  readonly racks: Map<number, AuditRackRow>;
  readonly expected: Map<string, ExpectedRow>;
  readonly scans: ScanRow[];
  readonly decisions: Map<string, DecisionRow>;
  readonly applied: Set<string>;
  /** Labels of the servers the frozen accelerators sit in, for grouping. */
  readonly serverLabels: Map<number, string>;
  readonly rma: RmaIndex;
  /** When the expected list was frozen (ISO), to tell a swap before it from one after. */
  readonly frozenAt: string;
}

/** Which rows to load: the whole audit, or what one reconciliation item is derived from. */
type Subset = { readonly kind: string; readonly id: number } | { readonly code: string } | null;

function load(db: Db, auditId: string, only: Subset): AuditData {
  const racks = new Map((db.prepare('SELECT * FROM audit_racks WHERE audit_id = ?').all(auditId) as AuditRackRow[]).map((r) => [r.rack_id, r]));
  let expectedRows: ExpectedRow[];
  let scans: ScanRow[];
  if (only === null) {
    expectedRows = db.prepare('SELECT * FROM audit_expected WHERE audit_id = ?').all(auditId) as ExpectedRow[];
    scans = db.prepare("SELECT * FROM audit_scans WHERE audit_id = ? AND result <> 'rack' ORDER BY scanned_at, id").all(auditId) as ScanRow[];
  } else if ('code' in only) {
    expectedRows = [];
    scans = db
      .prepare('SELECT * FROM audit_scans INDEXED BY audit_scans_by_code WHERE audit_id = ? AND code = ? AND entity_id IS NULL AND result <> \'rack\' ORDER BY scanned_at, id')
      .all(auditId, only.code) as ScanRow[];
  } else {
    expectedRows = db.prepare('SELECT * FROM audit_expected WHERE audit_id = ? AND kind = ? AND entity_id = ?').all(auditId, only.kind, only.id) as ExpectedRow[];
    scans = db
      .prepare('SELECT * FROM audit_scans INDEXED BY audit_scans_by_entity WHERE audit_id = ? AND entity_kind = ? AND entity_id = ? ORDER BY scanned_at, id')
      .all(auditId, only.kind, only.id) as ScanRow[];
  }
  const expected = new Map(expectedRows.map((e) => [entityKey(e.kind, e.entity_id), e]));
  const decisions = new Map((db.prepare('SELECT * FROM audit_decisions WHERE audit_id = ?').all(auditId) as DecisionRow[]).map((d) => [d.item_key, d]));
  const applied = new Set(db.prepare('SELECT item_key FROM audit_applied WHERE audit_id = ?').pluck().all(auditId) as string[]);
  const serverLabels = new Map<number, string>();
  for (const e of expectedRows) {
    if (e.kind !== 'accelerator' || e.device_id === null || serverLabels.has(e.device_id)) continue;
    const at = e.label.indexOf(' in ');
    serverLabels.set(e.device_id, at >= 0 ? e.label.slice(at + 4) : `device ${e.device_id}`);
  }
  const frozenAt = (db.prepare('SELECT started_at FROM audits WHERE id = ?').pluck().get(auditId) as string | undefined) ?? '';
  return { racks, expected, scans, decisions, applied, serverLabels, rma: RmaIndex.load(db), frozenAt };
}

/**
 * The reconciliation of an audit, derived every time from the frozen expected list and all scans in time
 * order, never stored: after two laptops' scans are merged it is simply computed again. Per item (or
 * unknown code) the first sighting counts; later ones are duplicates. Expected items never seen are missing.
 *
 * Default decisions, each changeable per item: nothing destructive is pre-accepted — marking an item
 * missing is always the technician's decision (per item or in bulk by kind, rack and device). A GPU is
 * only ever missing in a GPU-level audit (devices-only audits freeze no GPUs), and only when its own serial
 * was expected and not seen; missing GPUs are listed after the devices, grouped under their server. Misplaced items are moved where they were found
 * (an accelerator needs the server it sits in: the server scanned just before it, or one chosen);
 * unknown codes are added only once someone chooses their device type.
 */
export function reconcile(db: Db, auditId: string): Reconciliation {
  const audit = getAudit(db, auditId);
  const details = derive(db, load(db, audit.id, null));
  return {
    audit: toSummary(db, audit),
    matched: details.matched.length,
    missing: details.missing.length,
    misplaced: details.misplaced.length,
    unknown: details.unknown.length,
    duplicates: details.duplicates.length,
    rma: details.rma.length,
    details,
  };
}

/**
 * One item of the reconciliation by its key, derived from that item's rows only (its frozen entry and its
 * scans), so deciding on one item of a 30,000-item audit does not recompute the rest. Null when the key
 * names nothing to decide on (seen where expected, or no such item).
 */
export function reconcileItem(db: Db, auditId: string, key: string): ReconItem | null {
  const match = /^(missing|misplaced):(device|accelerator):(\d+)$/.exec(key);
  const only: Subset = match ? { kind: match[2] ?? '', id: Number(match[3]) } : key.startsWith('unknown:') ? { code: key.slice('unknown:'.length) } : null;
  if (only === null) return null;
  const details = derive(db, load(db, auditId, only));
  return [...details.missing, ...details.misplaced, ...details.unknown].find((i) => i.key === key) ?? null;
}

function derive(db: Db, data: AuditData): ReconciliationDetails {
  const pathOf = (rackId: number): string => data.racks.get(rackId)?.path ?? liveRackPath(db, rackId);
  const at = (scan: ScanRow): Location => ({ rackId: scan.rack_id, rack: pathOf(scan.rack_id), u: scan.u_position, deviceId: scan.device_context_id, slot: null });

  const groups = new Map<string, ScanRow[]>();
  for (const scan of data.scans) {
    const key = scan.entity_kind !== null && scan.entity_id !== null ? entityKey(scan.entity_kind, scan.entity_id) : unknownKey(scan.code);
    const group = groups.get(key);
    if (group) group.push(scan);
    else groups.set(key, [scan]);
  }

  const matched: MatchedItem[] = [];
  const misplaced: ReconItem[] = [];
  const unknown: ReconItem[] = [];
  const duplicates: DuplicateItem[] = [];
  const rma: RmaItem[] = [];
  for (const [key, group] of groups) {
    const first = group[0];
    if (!first) continue;
    const frozen = data.expected.get(key);
    const item: ItemRef | null = frozen
      ? expectedRef(frozen)
      : first.entity_kind !== null && first.entity_id !== null
        ? liveItemRef(db, first.entity_kind, first.entity_id, first.code)
        : null;
    if (group.length > 1) {
      duplicates.push({ code: first.code, item, seen: group.map((s) => ({ rack: pathOf(s.rack_id), at: s.scanned_at, by: s.scanned_by })) });
    }
    if (!item) {
      const recognised = data.rma.recogniseCode(first.code, at(first), first.device_context_id);
      if (recognised) rma.push(recognised);
      else unknown.push(reconItem(data, unknownKey(first.code), 'unknown', first.code, null, null, at(first)));
      continue;
    }
    const from: Location | null = frozen
      ? expectedLocation(frozen, pathOf(frozen.rack_id))
      : first.expected_rack_id !== null
        ? { rackId: first.expected_rack_id, rack: pathOf(first.expected_rack_id), u: null, deviceId: null, slot: null }
        : null;
    if (from !== null && from.rackId === first.rack_id) matched.push({ item, at: from });
    else misplaced.push(reconItem(data, `misplaced:${key}`, 'misplaced', first.code, item, from, at(first)));
  }

  const missing: ReconItem[] = [];
  for (const [key, row] of data.expected) {
    if (groups.has(key)) continue;
    const ref = expectedRef(row);
    const from = expectedLocation(row, pathOf(row.rack_id));
    const left = data.rma.leftExpected(ref, from, data.frozenAt);
    if (left) rma.push(left);
    else missing.push(reconItem(data, `missing:${key}`, 'missing', row.serial ?? row.asset_tag ?? '', ref, from, null));
  }
  // Missing devices first; then GPUs, grouped under their server (rack, U from the top, server, slot).
  const kindOrder = (i: ReconItem): number => (i.item?.kind === 'accelerator' ? 1 : 0);
  missing.sort(
    (a, b) =>
      kindOrder(a) - kindOrder(b) ||
      (a.from?.rack ?? '').localeCompare(b.from?.rack ?? '') ||
      (b.from?.u ?? 0) - (a.from?.u ?? 0) ||
      (a.from?.deviceId ?? 0) - (b.from?.deviceId ?? 0) ||
      (a.from?.slot ?? 0) - (b.from?.slot ?? 0),
  );

  return { matched, missing, misplaced, unknown, duplicates, rma };
}

/** An item outside the frozen list (another room's, or a GPU in a devices-only audit), as the inventory has it now. */
function liveItemRef(db: Db, kind: ItemRef['kind'], id: number, code: string): ItemRef {
  const row = (
    kind === 'device'
      ? db
          .prepare(
            `SELECT d.serial, d.asset_tag, t.vendor || ' ' || t.model || coalesce(' ' || d.hostname, '') AS label
             FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.id = ?`,
          )
          .get(id)
      : db
          .prepare(
            `SELECT g.serial, NULL AS asset_tag, g.model || ' slot ' || g.slot || ' in ' || coalesce(d.hostname, d.serial, 'device ' || d.id) AS label
             FROM accelerators g JOIN devices d ON d.id = g.device_id WHERE g.id = ?`,
          )
          .get(id)
  ) as { serial: string | null; asset_tag: string | null; label: string } | undefined;
  return { kind, id, label: row?.label ?? `${kind} ${id} (deleted)`, serial: row?.serial ?? code, assetTag: row?.asset_tag ?? null };
}

/** A server's label from the frozen list (the GPU's own label names it too, after " in "). */
function serverLabel(data: AuditData, deviceId: number): string {
  return data.expected.get(entityKey('device', deviceId))?.label ?? data.serverLabels.get(deviceId) ?? `device ${deviceId}`;
}

function reconItem(
  data: AuditData,
  key: string,
  category: ReconItem['category'],
  code: string,
  item: ItemRef | null,
  from: Location | null,
  to: Location | null,
): ReconItem {
  const chosen = data.decisions.get(key);
  const typeId = chosen?.type_id ?? null;
  const uPosition = chosen?.u_position ?? to?.u ?? null;
  const targetDeviceId = chosen?.target_device_id ?? (item?.kind === 'accelerator' ? (to?.deviceId ?? null) : null);
  const slot = chosen?.slot ?? (item?.kind === 'accelerator' ? (from?.slot ?? null) : null);
  let blocker: string | null = null;
  let defaultDecision: ReconItem['decision'] = 'accept';
  if (category === 'missing') {
    // Marking an item missing is destructive: it is never pre-accepted, the technician decides.
    defaultDecision = 'reject';
  } else if (category === 'unknown') {
    if (typeId === null) blocker = 'choose a device type to add it';
    defaultDecision = 'reject';
  } else if (item?.kind === 'accelerator' && targetDeviceId === null) {
    blocker = 'choose the server it was found in';
  }
  if (blocker) defaultDecision = 'reject';
  return {
    key,
    category,
    action: category === 'missing' ? 'mark-missing' : category === 'misplaced' ? 'move' : 'add',
    code,
    item,
    from,
    to,
    decision: chosen?.decision ?? defaultDecision,
    decided: chosen !== undefined,
    typeId,
    identity: category === 'unknown' ? (chosen?.identity ?? 'serial') : null,
    uPosition: category === 'missing' ? null : uPosition,
    targetDeviceId,
    slot,
    blocker,
    applied: data.applied.has(key),
    server: item?.kind === 'accelerator' && from?.deviceId != null ? { id: from.deviceId, label: serverLabel(data, from.deviceId) } : null,
  };
}

/** Finishes the audit (once; later calls keep the first time) and returns its reconciliation. */
export function finishAudit(db: Db, auditId: string, by: string): Reconciliation {
  const audit = getAudit(db, auditId);
  if (!audit.finished_at) {
    db.prepare('UPDATE audits SET finished_at = ?, finished_by = ? WHERE id = ? AND finished_at IS NULL').run(nowIso(), by, audit.id);
  }
  return reconcile(db, audit.id);
}
