import type { Db } from '../../db/open';
import { loadRow, type EntityName } from '../../inventory/writes/tables';
import { NO_LOCATION_ROOM, type LinkKind } from '../pull/apply';

/**
 * One local object changed since the pull: its fields as pulled (the base) and as they are now. An object
 * created in Floorwalk under a pulled site has no NetBox id yet (`created`, every field's `before` null).
 */
export interface LocalChange {
  readonly kind: LinkKind;
  readonly netboxId: number | null;
  readonly entity: string;
  readonly entityId: number;
  readonly label: string;
  readonly fields: { field: string; before: unknown; after: unknown }[];
  /** Made in Floorwalk since the pull: a push creates it in NetBox and records its new id. */
  readonly created: boolean;
  /** The object is gone locally; a push never deletes in NetBox. */
  readonly deleted: boolean;
  /** NetBox's last_updated when it was pulled: a push compares it with NetBox's current one. */
  readonly lastUpdated: string | null;
  /** The change log's reasons for this object since the pull (sent as changelog_message). */
  readonly reasons: string[];
}

interface LinkRow {
  kind: LinkKind;
  netbox_id: number;
  entity: EntityName;
  entity_id: number;
  last_updated: string | null;
  base: string;
  pulled_at: string;
}

/** Fields a push can send (the rest — floor positions, room sizes — are Floorwalk's own and stay local). */
export const SYNCED_FIELDS: Record<LinkKind, readonly string[]> = {
  site: ['name', 'timezone'],
  location: ['name'],
  rack: ['name', 'uHeight', 'assetTag'],
  device: ['rackId', 'uPosition', 'face', 'status', 'serial', 'assetTag', 'hostname', 'role', 'typeId'],
  inventory_item: ['deviceId', 'slot', 'model', 'serial', 'uuid', 'pciBusId', 'firmware', 'status'],
};

/** What a new object's link records as its base once NetBox has it (the same keys a pull records). */
export const CREATED_BASE_FIELDS: Partial<Record<LinkKind, readonly string[]>> = {
  rack: ['roomId', 'name', 'uHeight', 'assetTag'],
  device: ['rackId', 'typeId', 'uPosition', 'face', 'role', 'hostname', 'serial', 'assetTag', 'status'],
  inventory_item: SYNCED_FIELDS.inventory_item,
};

function label(entity: string, row: Record<string, unknown> | null, id: number): string {
  const name = row?.['hostname'] ?? row?.['name'] ?? row?.['serial'] ?? row?.['code'];
  const slot = entity === 'accelerator' && typeof row?.['slot'] === 'number' ? ` (slot ${row['slot']})` : '';
  return `${entity} ${typeof name === 'string' ? name : id}${slot}`;
}

const REASONS_SQL = "SELECT DISTINCT reason FROM change_log WHERE entity = ? AND entity_id = ? AND at > ? AND reason IS NOT NULL AND reason NOT LIKE 'NetBox pull%' ORDER BY id";

/** Local changes since the last pull from `server`, object by object, then the objects made since (pure read). */
export function localChanges(db: Db, server: string): LocalChange[] {
  const links = db.prepare('SELECT kind, netbox_id, entity, entity_id, last_updated, base, pulled_at FROM netbox_links WHERE server = ? ORDER BY rowid').all(server) as LinkRow[];
  const reasons = db.prepare(REASONS_SQL);
  const out: LocalChange[] = [];
  for (const link of links) {
    const base = JSON.parse(link.base) as Record<string, unknown>;
    const row = loadRow(db, link.entity, link.entity_id) as Record<string, unknown> | null;
    const fields = row === null ? [] : Object.keys(base).filter((k) => SYNCED_FIELDS[link.kind].includes(k) && row[k] !== base[k]).map((k) => ({ field: k, before: base[k], after: row[k] }));
    if (row !== null && fields.length === 0) continue;
    out.push({
      kind: link.kind,
      netboxId: link.netbox_id,
      entity: link.entity,
      entityId: link.entity_id,
      label: label(link.entity, row ?? base, link.entity_id),
      fields,
      created: false,
      deleted: row === null,
      lastUpdated: link.last_updated,
      reasons: reasons.pluck().all(link.entity, link.entity_id, link.pulled_at) as string[],
    });
  }
  return [...out, ...localCreations(db, server)];
}

/**
 * Racks, devices and GPUs made in Floorwalk inside what was pulled from `server` and not yet in NetBox: racks
 * in a room that is a pulled location (or the site's "No location" room), devices in a pulled or new rack,
 * GPUs in a pulled or new device. Parents come before their children, the order a push must create them.
 */
export function localCreations(db: Db, server: string): LocalChange[] {
  const unlinked = (table: string, entity: string): string => `NOT EXISTS (SELECT 1 FROM netbox_links l WHERE l.server = @server AND l.entity = '${entity}' AND l.entity_id = ${table}.id)`;
  const linked = (entity: string, column: string): string => `EXISTS (SELECT 1 FROM netbox_links l WHERE l.server = @server AND l.entity = '${entity}' AND l.entity_id = ${column})`;
  const racks = db
    .prepare(
      `SELECT rk.id FROM racks rk JOIN rooms rm ON rm.id = rk.room_id
       WHERE ${unlinked('rk', 'rack')} AND (${linked('room', 'rm.id')} OR (rm.name = @noLocation AND ${linked('site', 'rm.site_id')}))
       ORDER BY rk.id`,
    )
    .pluck()
    .all({ server, noLocation: NO_LOCATION_ROOM }) as number[];
  const newRacks = new Set(racks);
  const devices = (db.prepare(`SELECT d.id, d.rack_id FROM devices d WHERE d.rack_id IS NOT NULL AND ${unlinked('d', 'device')} ORDER BY d.id`).all({ server }) as { id: number; rack_id: number }[])
    .filter((d) => newRacks.has(d.rack_id) || isLinked(db, server, 'rack', d.rack_id))
    .map((d) => d.id);
  const newDevices = new Set(devices);
  const gpus = (db.prepare(`SELECT a.id, a.device_id FROM accelerators a WHERE ${unlinked('a', 'accelerator')} ORDER BY a.device_id, a.slot`).all({ server }) as { id: number; device_id: number }[])
    .filter((a) => newDevices.has(a.device_id) || isLinked(db, server, 'device', a.device_id))
    .map((a) => a.id);
  const reasons = db.prepare(REASONS_SQL);
  const made = (kind: LinkKind, entity: EntityName, id: number): LocalChange => {
    const row = loadRow(db, entity, id) as unknown as Record<string, unknown>;
    const fields = (CREATED_BASE_FIELDS[kind] ?? []).filter((k) => row[k] !== null && row[k] !== undefined).map((k) => ({ field: k, before: null, after: row[k] }));
    return { kind, netboxId: null, entity, entityId: id, label: label(entity, row, id), fields, created: true, deleted: false, lastUpdated: null, reasons: reasons.pluck().all(entity, id, '') as string[] };
  };
  return [...racks.map((id) => made('rack', 'rack', id)), ...devices.map((id) => made('device', 'device', id)), ...gpus.map((id) => made('inventory_item', 'accelerator', id))];
}

function isLinked(db: Db, server: string, entity: EntityName, id: number): boolean {
  return db.prepare('SELECT 1 FROM netbox_links WHERE server = ? AND entity = ? AND entity_id = ?').get(server, entity, id) !== undefined;
}
