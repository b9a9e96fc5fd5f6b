import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, bundleSchema, type AuditBundle, type BundleBody } from './bundle-format';
import { canonicalJson, expectedDigest, inventoryId, sha256 } from './fingerprint';
import { getAudit, nowIso, type AuditRackRow, type AuditRow, type DecisionRow, type ExpectedRow, type ScanRow } from './store';
import type { AuditExport, AuditImportResult } from './types';

/** A safe file name from the audit's scope, e.g. "audit-PHX1-DH1-01J9….json". */
function bundleFilename(audit: AuditRow): string {
  const scope = audit.scope_label.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `audit-${scope}-${audit.id}.json`;
}

export function bundleHash(body: BundleBody): string {
  return sha256(canonicalJson(body));
}

/** The whole audit as one JSON file: scope, frozen expected items, every scan, decisions, an integrity hash. */
export function exportAudit(db: Db, auditId: string): AuditExport {
  const audit = getAudit(db, auditId);
  const racks = db.prepare('SELECT * FROM audit_racks WHERE audit_id = ? ORDER BY rack_id').all(audit.id) as AuditRackRow[];
  const expected = db.prepare('SELECT * FROM audit_expected WHERE audit_id = ? ORDER BY kind, entity_id').all(audit.id) as ExpectedRow[];
  const scans = db.prepare('SELECT * FROM audit_scans WHERE audit_id = ? ORDER BY scanned_at, id').all(audit.id) as ScanRow[];
  const decisions = db.prepare('SELECT * FROM audit_decisions WHERE audit_id = ? ORDER BY item_key').all(audit.id) as DecisionRow[];
  const body: BundleBody = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    exportedAt: nowIso(),
    inventory: { id: audit.inventory_id, expectedDigest: audit.expected_digest },
    audit: {
      id: audit.id,
      scopeKind: audit.scope_kind,
      scopeLabel: audit.scope_label,
      siteId: audit.site_id,
      roomId: audit.room_id,
      includeAccelerators: audit.include_accelerators === 1,
      technician: audit.technician,
      startedAt: audit.started_at,
      finishedAt: audit.finished_at,
      finishedBy: audit.finished_by,
      expectedCount: audit.expected_count,
    },
    racks: racks.map((r) => ({
      rackId: r.rack_id,
      name: r.name,
      assetTag: r.asset_tag,
      roomId: r.room_id,
      path: r.path,
      gridX: r.grid_x,
      gridY: r.grid_y,
      doneAt: r.done_at,
      doneBy: r.done_by,
    })),
    expected: expected.map((e) => ({
      kind: e.kind,
      entityId: e.entity_id,
      serial: e.serial,
      assetTag: e.asset_tag,
      label: e.label,
      rackId: e.rack_id,
      u: e.u_position,
      deviceId: e.device_id,
      slot: e.slot,
    })),
    scans: scans.map((s) => ({
      id: s.id,
      code: s.code,
      rackId: s.rack_id,
      u: s.u_position,
      result: s.result,
      entityKind: s.entity_kind,
      entityId: s.entity_id,
      expectedRackId: s.expected_rack_id,
      expectedWhere: s.expected_where,
      deviceContextId: s.device_context_id,
      at: s.scanned_at,
      by: s.scanned_by,
    })),
    decisions: decisions.map((d) => ({
      item: d.item_key,
      decision: d.decision,
      typeId: d.type_id,
      identity: d.identity,
      u: d.u_position,
      targetDeviceId: d.target_device_id,
      slot: d.slot,
      at: d.decided_at,
      by: d.decided_by,
    })),
  };
  const hash = bundleHash(body);
  const bundle: AuditBundle = { ...body, integrity: { algorithm: 'sha256', hash } };
  return { filename: bundleFilename(audit), text: `${JSON.stringify(bundle)}\n`, scans: scans.length, hash };
}

/** Parses and checks a bundle: JSON, format and version, shape, integrity hash. Every refusal says why. */
export function parseBundle(text: string, name: string): AuditBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new FloorwalkError('invalid_input', `${name} is not an audit file (it is not JSON).`, { field: 'file' });
  }
  const head = raw as { format?: unknown; formatVersion?: unknown } | null;
  if (typeof head !== 'object' || head === null || head.format !== BUNDLE_FORMAT) {
    throw new FloorwalkError('invalid_input', `${name} is not a Floorwalk audit file.`, { field: 'file' });
  }
  if (typeof head.formatVersion === 'number' && head.formatVersion > BUNDLE_FORMAT_VERSION) {
    throw new FloorwalkError(
      'invalid_input',
      `${name} was written by a newer Floorwalk (audit format ${head.formatVersion}; this build reads up to ${BUNDLE_FORMAT_VERSION}). Update Floorwalk to import it.`,
      { field: 'file' },
    );
  }
  const parsed = bundleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FloorwalkError('invalid_input', `${name} is damaged: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unreadable'}.`, { field: 'file' });
  }
  const { integrity, ...body } = parsed.data;
  if (bundleHash(body) !== integrity.hash) {
    throw new FloorwalkError('invalid_input', `${name} was changed or damaged after it was exported (its integrity hash does not match); nothing was imported.`, {
      field: 'file',
    });
  }
  return parsed.data;
}

/** Items whose id names another thing in this inventory than in the file: the two have diverged. */
function identityMismatches(db: Db, bundle: AuditBundle): string[] {
  const device = db.prepare('SELECT serial, asset_tag FROM devices WHERE id = ?');
  const gpu = db.prepare('SELECT serial, NULL AS asset_tag FROM accelerators WHERE id = ?');
  const same = (a: string | null, b: string | null): boolean => (a ?? '').toUpperCase() === (b ?? '').toUpperCase();
  const problems: string[] = [];
  for (const item of bundle.expected) {
    const row = (item.kind === 'device' ? device : gpu).get(item.entityId) as { serial: string | null; asset_tag: string | null } | undefined;
    if (row && !(same(row.serial, item.serial) && same(row.asset_tag, item.assetTag))) {
      problems.push(`${item.kind} ${item.entityId} is ${row.serial ?? row.asset_tag ?? '?'} here but ${item.serial ?? item.assetTag ?? '?'} in the file`);
      if (problems.length >= 3) break;
    }
  }
  return problems;
}

function insertNewAudit(db: Db, bundle: AuditBundle): void {
  const a = bundle.audit;
  db.prepare(
    `INSERT INTO audits (id, inventory_id, scope_kind, scope_label, site_id, room_id, include_accelerators, technician, started_at, finished_at,
       finished_by, expected_count, expected_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(a.id, bundle.inventory.id, a.scopeKind, a.scopeLabel, a.siteId, a.roomId, a.includeAccelerators ? 1 : 0, a.technician, a.startedAt, a.finishedAt, a.finishedBy, a.expectedCount, bundle.inventory.expectedDigest);
  const rack = db.prepare(
    'INSERT INTO audit_racks (audit_id, rack_id, name, asset_tag, room_id, path, grid_x, grid_y, done_at, done_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)',
  );
  for (const r of bundle.racks) rack.run(a.id, r.rackId, r.name, r.assetTag, r.roomId, r.path, r.gridX, r.gridY);
  const item = db.prepare(
    'INSERT INTO audit_expected (audit_id, kind, entity_id, serial, asset_tag, label, rack_id, u_position, device_id, slot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const e of bundle.expected) item.run(a.id, e.kind, e.entityId, e.serial, e.assetTag, e.label, e.rackId, e.u, e.deviceId, e.slot);
}

/**
 * Imports a bundle, merging it with what this database knows of the same audit:
 * - a bundle from another inventory (another inventory id), or whose frozen items name other things here,
 *   is refused with the reason; so is a damaged or altered file (integrity hash);
 * - an unknown audit is added whole; a known one gains the scans it lacks (scans are identified by their
 *   ULID, so two laptops' scans add up and a second import of the same file adds nothing), racks marked
 *   done there, newer decisions, and the finish time;
 * - an audit already applied here takes no new scans.
 * All in one transaction: a refusal leaves the database as it was.
 */
export function importAudit(db: Db, text: string, name: string): AuditImportResult {
  const bundle = parseBundle(text, name);
  const localInventory = inventoryId(db);
  if (bundle.inventory.id !== localInventory) {
    throw new FloorwalkError(
      'conflict',
      `${name} comes from another inventory (inventory id ${bundle.inventory.id.slice(0, 8)}…; this database is ${localInventory.slice(0, 8)}…). ` +
        'An audit can only be imported into a copy of the database it was started on.',
      { field: 'file' },
    );
  }
  const digest = expectedDigest(bundle.expected.map((e) => ({ kind: e.kind, entityId: e.entityId, serial: e.serial, assetTag: e.assetTag, rackId: e.rackId })));
  if (digest !== bundle.inventory.expectedDigest || bundle.expected.length !== bundle.audit.expectedCount) {
    throw new FloorwalkError('invalid_input', `${name} is inconsistent: its expected items do not match its fingerprint.`, { field: 'file' });
  }
  const auditRacks = new Set(bundle.racks.map((r) => r.rackId));
  const strayScan = bundle.scans.find((s) => !auditRacks.has(s.rackId));
  if (strayScan) throw new FloorwalkError('invalid_input', `${name} is inconsistent: scan ${strayScan.id} names rack ${strayScan.rackId}, which is not in the audit.`, { field: 'file' });

  const run = db.transaction((): AuditImportResult => {
    const id = bundle.audit.id;
    const existing = db.prepare('SELECT * FROM audits WHERE id = ?').get(id) as AuditRow | undefined;
    if (existing && existing.expected_digest !== bundle.inventory.expectedDigest) {
      throw new FloorwalkError('conflict', `${name} holds audit ${id} with other expected items than this database's audit ${id}; they cannot be merged.`, { field: 'file' });
    }
    if (!existing) {
      const problems = identityMismatches(db, bundle);
      if (problems.length > 0) {
        throw new FloorwalkError('conflict', `${name} does not fit this inventory any more: ${problems.join('; ')}.`, { field: 'file' });
      }
      insertNewAudit(db, bundle);
    }

    const knownScans = new Set(db.prepare('SELECT id FROM audit_scans WHERE audit_id = ?').pluck().all(id) as string[]);
    const newScans = bundle.scans.filter((s) => !knownScans.has(s.id));
    if (existing?.applied_at && newScans.length > 0) {
      throw new FloorwalkError('conflict', `Audit ${id} was applied here on ${existing.applied_at}; ${name} brings ${newScans.length} scan(s) made since, which can no longer count. Start a new audit for them.`);
    }
    const insertScan = db.prepare(
      `INSERT INTO audit_scans (id, audit_id, code, rack_id, u_position, result, entity_kind, entity_id, expected_rack_id, expected_where, device_context_id, scanned_at, scanned_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const s of newScans) insertScan.run(s.id, id, s.code, s.rackId, s.u, s.result, s.entityKind, s.entityId, s.expectedRackId, s.expectedWhere, s.deviceContextId, s.at, s.by);

    const markDone = db.prepare('UPDATE audit_racks SET done_at = ?, done_by = ? WHERE audit_id = ? AND rack_id = ? AND done_at IS NULL');
    let racksDoneAdded = 0;
    for (const r of bundle.racks) if (r.doneAt !== null) racksDoneAdded += markDone.run(r.doneAt, r.doneBy, id, r.rackId).changes;

    // The newer decision on an item wins; an equal time keeps this database's.
    const upsertDecision = db.prepare(
      `INSERT INTO audit_decisions (audit_id, item_key, decision, type_id, identity, u_position, target_device_id, slot, decided_at, decided_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (audit_id, item_key) DO UPDATE SET decision = excluded.decision, type_id = excluded.type_id, identity = excluded.identity,
         u_position = excluded.u_position, target_device_id = excluded.target_device_id, slot = excluded.slot, decided_at = excluded.decided_at,
         decided_by = excluded.decided_by
       WHERE excluded.decided_at > audit_decisions.decided_at`,
    );
    let decisionsChanged = 0;
    if (!existing?.applied_at) {
      for (const d of bundle.decisions) {
        decisionsChanged += upsertDecision.run(id, d.item, d.decision, d.typeId, d.identity, d.u, d.targetDeviceId, d.slot, d.at, d.by).changes;
      }
    }
    const finished =
      existing && existing.finished_at === null && bundle.audit.finishedAt !== null
        ? db.prepare('UPDATE audits SET finished_at = ?, finished_by = ? WHERE id = ? AND finished_at IS NULL').run(bundle.audit.finishedAt, bundle.audit.finishedBy, id).changes
        : 0;
    const created = !existing;
    return {
      audit: id,
      created,
      scansAdded: newScans.length,
      racksDoneAdded,
      decisionsChanged,
      unchanged: !created && newScans.length === 0 && racksDoneAdded === 0 && decisionsChanged === 0 && finished === 0,
    };
  });
  return run.immediate();
}
