import type { Db } from '../../db/open';
import { Progress, type ProgressSink } from '../../core/progress';
import { netboxCsv } from './csv';
import { NETBOX_EXPORT_KINDS, netboxRows, type KindRows, type NetboxExportKind } from './kinds';

export { NETBOX_EXPORT_KINDS, NETBOX_KIND_ALIASES, GPU_CUSTOM_FIELDS, GPU_ROLE, type NetboxExportKind } from './kinds';

export interface NetboxExportFile {
  readonly kind: NetboxExportKind;
  /** Where NetBox's import form for this kind lives, e.g. `/dcim/devices/import/`. */
  readonly importPath: string;
  readonly rows: number;
  readonly csv: string;
  readonly notes: KindRows['notes'];
  readonly skipped: KindRows['skipped'];
}

const IMPORT_PATHS: Record<NetboxExportKind, string> = {
  'custom-fields': '/extras/custom-fields/import/',
  manufacturers: '/dcim/manufacturers/import/',
  'device-roles': '/dcim/device-roles/import/',
  'inventory-item-roles': '/dcim/inventory-item-roles/import/',
  'device-types': '/dcim/device-types/import/',
  sites: '/dcim/sites/import/',
  locations: '/dcim/locations/import/',
  racks: '/dcim/racks/import/',
  devices: '/dcim/devices/import/',
  'inventory-items': '/dcim/inventory-items/import/',
};

/** One kind's NetBox bulk-import CSV; `all` gives every kind in load order. */
export function exportNetbox(db: Db, kinds: readonly NetboxExportKind[], onProgress?: ProgressSink): NetboxExportFile[] {
  const ticker = new Progress(onProgress).phase('Exporting for NetBox', kinds.length);
  const files = kinds.map((kind) => {
    const { header, rows, notes, skipped } = netboxRows(db, kind);
    ticker.tick();
    return { kind, importPath: IMPORT_PATHS[kind], rows: rows.length, csv: netboxCsv(header, rows), notes, skipped };
  });
  ticker.finish();
  return files;
}

export function allNetboxKinds(): NetboxExportKind[] {
  return [...NETBOX_EXPORT_KINDS];
}
