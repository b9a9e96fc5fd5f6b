import type { Db } from '../db/open';
import type { AshraeClass, InventoryStats, SiteNode, RoomNode } from './types';

export function inventoryStats(db: Db): InventoryStats {
  const count = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    sites: count('sites'),
    rooms: count('rooms'),
    rows: count('rack_rows'),
    racks: count('racks'),
    devices: count('devices'),
    accelerators: count('accelerators'),
    coolingUnits: count('cooling_units'),
    sensors: count('sensors'),
    deviceTypes: count('device_types'),
    changes: count('change_log'),
  };
}

interface RoomRow {
  id: number;
  site_id: number;
  name: string;
  ashrae_class: AshraeClass;
  width_tiles: number;
  depth_tiles: number;
}

/**
 * Sites with their rooms and per-room counts. Counts are grouped per room in three scans (racks, devices,
 * accelerators) rather than per room, so the cost stays flat as halls are added.
 */
export function inventoryTree(db: Db): SiteNode[] {
  const sites = db.prepare('SELECT id, code, name, timezone FROM sites ORDER BY code').all() as Array<{
    id: number;
    code: string;
    name: string;
    timezone: string;
  }>;
  const rooms = db
    .prepare('SELECT id, site_id, name, ashrae_class, width_tiles, depth_tiles FROM rooms ORDER BY site_id, name')
    .all() as RoomRow[];
  const rackCounts = mapByRoom(
    db.prepare('SELECT room_id, count(*) AS racks, total(power_budget_kw) AS budget FROM racks GROUP BY room_id').all() as Array<{
      room_id: number;
      racks: number;
      budget: number;
    }>,
  );
  const deviceCounts = mapByRoom(
    db
      .prepare(
        `SELECT r.room_id, count(*) AS devices, total(t.max_power_w) / 1000.0 AS max_kw
         FROM devices d JOIN racks r ON r.id = d.rack_id JOIN device_types t ON t.id = d.type_id
         GROUP BY r.room_id`,
      )
      .all() as Array<{ room_id: number; devices: number; max_kw: number }>,
  );
  const acceleratorCounts = mapByRoom(
    db
      .prepare(
        // Count per device first: that walks the (device_id, slot) index alone, without a join per GPU.
        `SELECT r.room_id, total(a.n) AS accelerators
         FROM (SELECT device_id, count(*) AS n FROM accelerators GROUP BY device_id) a
         JOIN devices d ON d.id = a.device_id JOIN racks r ON r.id = d.rack_id
         GROUP BY r.room_id`,
      )
      .all() as Array<{ room_id: number; accelerators: number }>,
  );

  return sites.map((site) => ({
    id: site.id,
    code: site.code,
    name: site.name,
    timezone: site.timezone,
    rooms: rooms
      .filter((room) => room.site_id === site.id)
      .map(
        (room): RoomNode => ({
          id: room.id,
          name: room.name,
          ashraeClass: room.ashrae_class,
          widthTiles: room.width_tiles,
          depthTiles: room.depth_tiles,
          racks: rackCounts.get(room.id)?.racks ?? 0,
          powerBudgetKw: rackCounts.get(room.id)?.budget ?? 0,
          devices: deviceCounts.get(room.id)?.devices ?? 0,
          powerMaxKw: deviceCounts.get(room.id)?.max_kw ?? 0,
          accelerators: acceleratorCounts.get(room.id)?.accelerators ?? 0,
        }),
      ),
  }));
}

function mapByRoom<T extends { room_id: number }>(rows: T[]): Map<number, T> {
  return new Map(rows.map((row) => [row.room_id, row]));
}
