import type { Db } from '../../db/open';
import { toCsv, type CsvCell } from '../../core/csv';
import { Progress, type ProgressSink } from '../../core/progress';
import type { InventoryExport, InventoryKind } from '../../inventory/detail-types';
import { ACCELERATOR_EXPORT_HEADER } from './accelerators';
import { DEVICE_EXPORT_HEADER } from './devices';
import { RACK_EXPORT_HEADER } from './racks';
import { ROOM_EXPORT_HEADER } from './rooms';
import { SITE_EXPORT_HEADER } from './sites';

/**
 * The same shapes the importer reads (export → import changes nothing), written with the csv module:
 * CRLF, quoted where needed, and cells a spreadsheet would run as a formula neutralised.
 */
const EXPORTS: Record<InventoryKind, { header: readonly string[]; sql: string }> = {
  sites: { header: SITE_EXPORT_HEADER, sql: 'SELECT code, name, timezone FROM sites ORDER BY code' },
  rooms: {
    header: ROOM_EXPORT_HEADER,
    sql: `SELECT s.code, rm.name, rm.width_tiles, rm.depth_tiles, rm.tile_mm, rm.ashrae_class
          FROM rooms rm JOIN sites s ON s.id = rm.site_id ORDER BY s.code, rm.name`,
  },
  racks: {
    header: RACK_EXPORT_HEADER,
    sql: `SELECT s.code, rm.name, rr.name, rk.name, rk.grid_x, rk.grid_y, rk.facing, rk.width_tiles, rk.depth_tiles, rk.u_height,
            rk.power_budget_kw, rk.cooling, cl.name, rk.asset_tag
          FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id
          LEFT JOIN rack_rows rr ON rr.id = rk.row_id LEFT JOIN cooling_loops cl ON cl.id = rk.loop_id
          ORDER BY s.code, rm.name, rk.name`,
  },
  devices: {
    header: DEVICE_EXPORT_HEADER,
    sql: `SELECT d.hostname, s.code, rm.name, rk.name, d.u_position, d.face, t.slug, d.role, d.status, d.serial, d.asset_tag
          FROM devices d JOIN device_types t ON t.id = d.type_id
          LEFT JOIN racks rk ON rk.id = d.rack_id LEFT JOIN rooms rm ON rm.id = rk.room_id LEFT JOIN sites s ON s.id = rm.site_id
          ORDER BY s.code, rm.name, rk.name, d.u_position DESC, d.id`,
  },
  accelerators: {
    header: ACCELERATOR_EXPORT_HEADER,
    sql: `SELECT coalesce(d.hostname, d.serial), d.serial, a.slot, a.model, a.serial, a.uuid, a.pci_bus_id, a.firmware, a.status
          FROM accelerators a JOIN devices d ON d.id = a.device_id ORDER BY a.device_id, a.slot`,
  },
};

export function exportInventory(db: Db, kind: InventoryKind, onProgress?: ProgressSink): InventoryExport {
  const spec = EXPORTS[kind];
  const total = db.prepare(`SELECT count(*) FROM (${spec.sql})`).pluck().get() as number;
  const ticker = new Progress(onProgress).phase(`Exporting ${kind}`, total);
  const rows: CsvCell[][] = [];
  for (const row of db.prepare(spec.sql).raw().iterate() as IterableIterator<CsvCell[]>) {
    rows.push(row);
    ticker.tick();
  }
  ticker.finish();
  return { kind, rows: rows.length, csv: toCsv(spec.header, rows) };
}
