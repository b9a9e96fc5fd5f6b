import type { Db } from '../../db/open';
import { loadRow, type EntityName } from '../../inventory/writes/tables';
import type { LinkKind } from '../pull/apply';

/** One local object changed since the pull: its fields as pulled (the base) and as they are now. */
export interface LocalChange {
  readonly kind: LinkKind;
  readonly netboxId: number;
  readonly entity: string;
  readonly entityId: number;
  readonly label: string;
  readonly fields: { field: string; before: unknown; after: unknown }[];
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
const SYNCED_FIELDS: Record<LinkKind, readonly string[]> = {
  site: ['name', 'timezone'],
  location: ['name'],
  rack: ['name', 'uHeight', 'assetTag'],
  device: ['rackId', 'uPosition', 'face', 'status', 'serial', 'assetTag', 'hostname', 'role', 'typeId'],
  inventory_item: ['deviceId', 'slot', 'model', 'serial', 'uuid', 'pciBusId', 'firmware', 'status'],
};

function label(entity: string, row: Record<string, unknown> | null, id: number): string {
  const name = row?.['hostname'] ?? row?.['name'] ?? row?.['serial'] ?? row?.['code'];
  return `${entity} ${typeof name === 'string' ? name : id}`;
}

/** Local changes since the last pull from `server`, object by object (pure read). */
export function localChanges(db: Db, server: string): LocalChange[] {
  const links = db.prepare('SELECT kind, netbox_id, entity, entity_id, last_updated, base, pulled_at FROM netbox_links WHERE server = ? ORDER BY rowid').all(server) as LinkRow[];
  const reasons = db.prepare("SELECT DISTINCT reason FROM change_log WHERE entity = ? AND entity_id = ? AND at > ? AND reason IS NOT NULL AND reason NOT LIKE 'NetBox pull%' ORDER BY id");
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
      deleted: row === null,
      lastUpdated: link.last_updated,
      reasons: (reasons.pluck().all(link.entity, link.entity_id, link.pulled_at) as string[]),
    });
  }
  return out;
}
