import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { resolveRack, resolveRoom } from '../inventory/resolve';
import { expectedDigest, inventoryId, type ExpectedIdentity } from './fingerprint';
import { ulid } from './ids';
import { nowIso } from './store';
import type { AuditScopeKind } from './types';

export type AuditScope =
  | { readonly kind: 'site'; readonly site: string }
  | { readonly kind: 'room'; readonly room: string }
  | { readonly kind: 'racks'; readonly racks: readonly string[] };

export interface StartOptions {
  readonly scope: AuditScope;
  readonly technician: string;
  /** Freeze accelerator serials too (GPU-level audit); false audits servers and other devices only. */
  readonly includeAccelerators: boolean;
}

export interface StartResult {
  readonly audit: string;
  readonly expected: number;
}

interface ScopeRacks {
  readonly label: string;
  readonly siteId: number | null;
  readonly roomId: number | null;
  readonly rackIds: readonly number[];
}

/** A site by code (case-insensitive) or id. */
function resolveSite(db: Db, text: string): { id: number; code: string } {
  const query = text.trim();
  const row = (/^\d+$/.test(query)
    ? db.prepare('SELECT id, code FROM sites WHERE id = ?').get(Number(query))
    : db.prepare('SELECT id, code FROM sites WHERE code = ?').get(query)) as { id: number; code: string } | undefined;
  if (!row) throw new FloorwalkError('not_found', `No site "${query}". Use the site code, e.g. PHX1.`, { field: 'site' });
  return row;
}

function scopeRacks(db: Db, scope: AuditScope): ScopeRacks {
  const idsOf = (sql: string, param: number): number[] => db.prepare(sql).pluck().all(param) as number[];
  if (scope.kind === 'site') {
    const site = resolveSite(db, scope.site);
    return {
      label: site.code,
      siteId: site.id,
      roomId: null,
      rackIds: idsOf('SELECT rk.id FROM racks rk JOIN rooms rm ON rm.id = rk.room_id WHERE rm.site_id = ? ORDER BY rk.id', site.id),
    };
  }
  if (scope.kind === 'room') {
    const room = resolveRoom(db, scope.room);
    const siteId = db.prepare('SELECT site_id FROM rooms WHERE id = ?').pluck().get(room.id) as number;
    return { label: `${room.siteCode}/${room.name}`, siteId, roomId: room.id, rackIds: idsOf('SELECT id FROM racks WHERE room_id = ? ORDER BY id', room.id) };
  }
  if (scope.racks.length === 0) throw new FloorwalkError('invalid_input', 'Choose at least one rack to audit.', { field: 'racks' });
  const racks = new Map<number, { name: string; roomId: number }>();
  for (const text of scope.racks) {
    const rack = resolveRack(db, text);
    racks.set(rack.id, { name: rack.name, roomId: rack.roomId });
  }
  const roomIds = new Set([...racks.values()].map((r) => r.roomId));
  const siteIds = new Set(
    [...roomIds].map((roomId) => db.prepare('SELECT site_id FROM rooms WHERE id = ?').pluck().get(roomId) as number),
  );
  const onlyRoom = roomIds.size === 1 ? ([...roomIds][0] ?? null) : null;
  const onlySite = siteIds.size === 1 ? ([...siteIds][0] ?? null) : null;
  const prefix =
    onlyRoom !== null
      ? `${(db.prepare('SELECT s.code || \'/\' || rm.name FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE rm.id = ?').pluck().get(onlyRoom) as string)}: `
      : '';
  const names = [...racks.values()].map((r) => r.name);
  const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
  return { label: `${prefix}${shown}`, siteId: onlySite, roomId: onlyRoom, rackIds: [...racks.keys()].sort((a, b) => a - b) };
}

/**
 * Starts an audit: freezes the scope's racks and every scannable item expected in them (devices with a
 * serial or asset tag, except planned ones that are not on the floor yet; with accelerators, every GPU with
 * a serial), in one transaction. Later inventory edits do not change what this audit expects.
 */
export function startAudit(db: Db, options: StartOptions): StartResult {
  const technician = options.technician.trim();
  if (technician === '') throw new FloorwalkError('invalid_input', 'Enter the technician’s name.', { field: 'technician' });
  const id = ulid();
  const run = db.transaction((): number => {
    const scope = scopeRacks(db, options.scope);
    if (scope.rackIds.length === 0) throw new FloorwalkError('invalid_input', `${scope.label} has no racks to audit.`, { field: 'scope' });
    db.prepare(
      `INSERT INTO audits (id, inventory_id, scope_kind, scope_label, site_id, room_id, include_accelerators, technician, started_at,
         expected_count, expected_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '')`,
    ).run(id, inventoryId(db), options.scope.kind satisfies AuditScopeKind, scope.label, scope.siteId, scope.roomId, options.includeAccelerators ? 1 : 0, technician, nowIso());

    const insertRack = db.prepare(
      `INSERT INTO audit_racks (audit_id, rack_id, name, asset_tag, room_id, path, grid_x, grid_y)
       SELECT ?, rk.id, rk.name, rk.asset_tag, rk.room_id, s.code || '/' || rm.name || '/' || rk.name, rk.grid_x, rk.grid_y
       FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id WHERE rk.id = ?`,
    );
    for (const rackId of scope.rackIds) insertRack.run(id, rackId);

    db.prepare(
      `INSERT INTO audit_expected (audit_id, kind, entity_id, serial, asset_tag, label, rack_id, u_position, device_id, slot)
       SELECT @a, 'device', d.id, d.serial, d.asset_tag, t.vendor || ' ' || t.model || coalesce(' ' || d.hostname, ''), d.rack_id, d.u_position, NULL, NULL
       FROM audit_racks ar JOIN devices d ON d.rack_id = ar.rack_id JOIN device_types t ON t.id = d.type_id
       WHERE ar.audit_id = @a AND d.status <> 'planned' AND (d.serial IS NOT NULL OR d.asset_tag IS NOT NULL)`,
    ).run({ a: id });
    if (options.includeAccelerators) {
      db.prepare(
        `INSERT INTO audit_expected (audit_id, kind, entity_id, serial, asset_tag, label, rack_id, u_position, device_id, slot)
         SELECT @a, 'accelerator', g.id, g.serial, NULL, g.model || ' slot ' || g.slot || ' in ' || coalesce(d.hostname, d.serial, 'device ' || d.id),
                d.rack_id, d.u_position, d.id, g.slot
         FROM audit_racks ar JOIN devices d ON d.rack_id = ar.rack_id JOIN accelerators g ON g.device_id = d.id
         WHERE ar.audit_id = @a AND d.status <> 'planned' AND g.serial IS NOT NULL`,
      ).run({ a: id });
    }

    const identities = db
      .prepare('SELECT kind, entity_id AS entityId, serial, asset_tag AS assetTag, rack_id AS rackId FROM audit_expected WHERE audit_id = ?')
      .all(id) as ExpectedIdentity[];
    db.prepare('UPDATE audits SET expected_count = ?, expected_digest = ? WHERE id = ?').run(identities.length, expectedDigest(identities), id);
    return identities.length;
  });
  const expected = run.immediate();
  return { audit: id, expected };
}
