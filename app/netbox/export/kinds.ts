import type { Db } from '../../db/open';
import { netboxSlug } from '../slug';
import { deviceStatusToNetbox, gpuStatusToNetbox } from '../status';
import type { NetboxCell } from './csv';

/**
 * Every NetBox bulk-import file Floorwalk writes, in the order NetBox must load them (each refers to the ones
 * before by name). Columns are NetBox 4.x import-form fields exactly; a value NetBox cannot hold is a note.
 */
export const NETBOX_EXPORT_KINDS = [
  'custom-fields',
  'manufacturers',
  'device-roles',
  'inventory-item-roles',
  'device-types',
  'sites',
  'locations',
  'racks',
  'devices',
  'inventory-items',
] as const;
export type NetboxExportKind = (typeof NETBOX_EXPORT_KINDS)[number];

/** Floorwalk's names for the same files (`--kind rooms` is NetBox's locations, accelerators its inventory items). */
export const NETBOX_KIND_ALIASES: Readonly<Record<string, NetboxExportKind>> = {
  rooms: 'locations',
  accelerators: 'inventory-items',
  gpus: 'inventory-items',
};

/** The inventory item role GPUs carry in NetBox, and the custom fields that hold what NetBox has no field for. */
export const GPU_ROLE = 'GPU';
export const GPU_CUSTOM_FIELDS = [
  { name: 'gpu_uuid', label: 'GPU UUID', description: 'NVIDIA GPU UUID (GPU-…), from Floorwalk' },
  { name: 'pci_bus_id', label: 'PCI bus id', description: 'PCI bus id of the GPU in its server, from Floorwalk' },
] as const;

export interface KindRows {
  readonly header: readonly string[];
  readonly rows: NetboxCell[][];
  /** Rows written with a value NetBox cannot hold as Floorwalk has it (row is 1-based after the header). */
  readonly notes: { row: number; field: string; note: string }[];
  /** Objects not written, with why (NetBox could not take them). */
  readonly skipped: { what: string; reason: string }[];
}

type Row = Record<string, string | number | null>;

function all(db: Db, sql: string): Row[] {
  return db.prepare(sql).all() as Row[];
}

const str = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : String(v));
const ROLE_COLOR = '9e9e9e';
const GPU_ROLE_COLOR = '76b900';

export function netboxRows(db: Db, kind: NetboxExportKind): KindRows {
  const notes: KindRows['notes'] = [];
  const skipped: KindRows['skipped'] = [];
  const rows: NetboxCell[][] = [];
  const push = (cells: NetboxCell[], note?: { field: string; note: string }): void => {
    rows.push(cells);
    if (note) notes.push({ row: rows.length, ...note });
  };
  switch (kind) {
    case 'custom-fields':
      // NetBox's defaults for the rest (search weight 1000, loose filter, display weight 100); its form requires them.
      for (const f of GPU_CUSTOM_FIELDS) push([f.name, f.label, 'text', 'dcim.inventoryitem', f.description, 1000, 'loose', 100]);
      return { header: ['name', 'label', 'type', 'object_types', 'description', 'search_weight', 'filter_logic', 'weight'], rows, notes, skipped };
    case 'manufacturers':
      for (const r of all(db, 'SELECT DISTINCT t.vendor FROM device_types t JOIN devices d ON d.type_id = t.id ORDER BY 1')) {
        push([str(r['vendor']), netboxSlug(String(r['vendor']))]);
      }
      return { header: ['name', 'slug'], rows, notes, skipped };
    case 'device-roles':
      for (const r of all(db, 'SELECT DISTINCT role FROM devices ORDER BY 1')) push([str(r['role']), netboxSlug(String(r['role'])), ROLE_COLOR]);
      return { header: ['name', 'slug', 'color'], rows, notes, skipped };
    case 'inventory-item-roles':
      push([GPU_ROLE, netboxSlug(GPU_ROLE), GPU_ROLE_COLOR]);
      return { header: ['name', 'slug', 'color'], rows, notes, skipped };
    case 'device-types':
      for (const r of all(
        db,
        `SELECT t.vendor, t.model, t.slug, t.u_height, t.full_depth, t.airflow FROM device_types t
         WHERE EXISTS (SELECT 1 FROM devices d WHERE d.type_id = t.id) ORDER BY t.vendor, t.model`,
      )) {
        const airflow = r['airflow'] === 'front-to-back' ? 'front-to-rear' : r['airflow'] === 'back-to-front' ? 'rear-to-front' : r['airflow'] === 'passive' ? 'passive' : null;
        push([str(r['vendor']), str(r['model']), netboxSlug(String(r['slug'])), str(r['slug']), Number(r['u_height']), r['full_depth'] === 1, airflow]);
      }
      return { header: ['manufacturer', 'model', 'slug', 'part_number', 'u_height', 'is_full_depth', 'airflow'], rows, notes, skipped };
    case 'sites':
      for (const r of all(db, 'SELECT code, name, timezone FROM sites ORDER BY code')) {
        push([str(r['name']), netboxSlug(String(r['code'])), 'active', str(r['code']), str(r['timezone'])]);
      }
      return { header: ['name', 'slug', 'status', 'facility', 'time_zone'], rows, notes, skipped };
    case 'locations':
      for (const r of all(db, 'SELECT s.name AS site, rm.name FROM rooms rm JOIN sites s ON s.id = rm.site_id ORDER BY s.code, rm.name')) {
        push([str(r['site']), str(r['name']), netboxSlug(String(r['name'])), 'active']);
      }
      return { header: ['site', 'name', 'slug', 'status'], rows, notes, skipped };
    case 'racks':
      for (const r of all(
        db,
        `SELECT s.name AS site, rm.name AS location, rk.name, rk.u_height, rk.asset_tag FROM racks rk
         JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id ORDER BY s.code, rm.name, rk.name`,
      )) {
        push([str(r['site']), str(r['location']), str(r['name']), 'active', 19, Number(r['u_height']), str(r['asset_tag'])]);
      }
      return { header: ['site', 'location', 'name', 'status', 'width', 'u_height', 'asset_tag'], rows, notes, skipped };
    case 'devices':
      for (const r of all(
        db,
        `SELECT d.id, d.hostname, d.role, t.vendor, t.model, t.u_height, d.serial, d.asset_tag, d.status, s.name AS site,
            rm.name AS location, rk.name AS rack, d.u_position, d.face
         FROM devices d JOIN device_types t ON t.id = d.type_id
         LEFT JOIN racks rk ON rk.id = d.rack_id LEFT JOIN rooms rm ON rm.id = rk.room_id LEFT JOIN sites s ON s.id = rm.site_id
         ORDER BY s.code, rm.name, rk.name, d.u_position, d.id`,
      )) {
        if (r['site'] === null) {
          skipped.push({ what: `device ${String(r['hostname'] ?? r['serial'] ?? r['id'])}`, reason: 'not in a rack: NetBox needs a site for every device' });
          continue;
        }
        const status = deviceStatusToNetbox(String(r['status']));
        // Zero-U devices (PDUs in the rails) have neither a position nor a face in NetBox.
        const zeroU = Number(r['u_height']) === 0 || r['u_position'] === null;
        push(
          [str(r['hostname']), str(r['role']), str(r['vendor']), str(r['model']), str(r['serial']), str(r['asset_tag']), status.status,
            str(r['site']), str(r['location']), str(r['rack']), zeroU ? null : Number(r['u_position']), zeroU ? null : str(r['face'])],
          status.note === undefined ? undefined : { field: 'status', note: status.note },
        );
      }
      return {
        header: ['name', 'role', 'manufacturer', 'device_type', 'serial', 'asset_tag', 'status', 'site', 'location', 'rack', 'position', 'face'],
        rows,
        notes,
        skipped,
      };
    case 'inventory-items':
      for (const r of all(
        db,
        `SELECT d.hostname, d.serial AS device_serial, d.rack_id, a.slot, a.model, a.serial, a.uuid, a.pci_bus_id, a.firmware, a.status
         FROM accelerators a JOIN devices d ON d.id = a.device_id ORDER BY a.device_id, a.slot`,
      )) {
        const label = `GPU ${String(r['slot'])} of ${String(r['hostname'] ?? r['device_serial'] ?? 'a device')}`;
        if (r['hostname'] === null) {
          skipped.push({ what: label, reason: 'its device has no hostname: NetBox finds an inventory item\'s device by name' });
          continue;
        }
        if (r['rack_id'] === null) {
          skipped.push({ what: label, reason: 'its device is not in a rack, so it is not exported to NetBox' });
          continue;
        }
        const status = gpuStatusToNetbox(String(r['status']));
        const firmware = r['firmware'] === null ? null : `firmware ${String(r['firmware'])}`;
        push(
          [str(r['hostname']), `GPU${String(r['slot'])}`, GPU_ROLE, status.status, str(r['model']), str(r['serial']), firmware, str(r['uuid']), str(r['pci_bus_id'])],
          status.note === undefined ? undefined : { field: 'status', note: status.note },
        );
      }
      return { header: ['device', 'name', 'role', 'status', 'part_id', 'serial', 'description', 'cf_gpu_uuid', 'cf_pci_bus_id'], rows, notes, skipped };
  }
}
