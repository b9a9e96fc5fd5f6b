import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import type { CoolingUnitKind, Facing, RackCooling } from '../inventory/types';
import { deriveAisles, rowShape, type FloorItem, type RowShape } from './geometry';
import { rackAuditProgress, rackTelemetry } from './optional-metrics';
import { RACK_HEALTHS, type FloorCoolingUnit, type FloorData, type FloorRack, type FloorRoom, type FloorRow, type FloorSensor } from './types';

/** Severity of a device or accelerator status, worst first in RACK_HEALTHS: 0 failed … 3 ok. */
const SEVERITY_SQL = {
  device: `CASE d.status WHEN 'failed' THEN 0 WHEN 'missing' THEN 0 WHEN 'offline' THEN 1 WHEN 'active' THEN 3 ELSE 2 END`,
  accelerator: `CASE a.status WHEN 'failed' THEN 0 WHEN 'missing' THEN 0 WHEN 'degraded' THEN 1 WHEN 'rma' THEN 1 ELSE 3 END`,
};
const EMPTY_SEVERITY = RACK_HEALTHS.indexOf('empty');

export function floorRoom(db: Db, roomId: number): FloorRoom {
  const room = db
    .prepare(
      `SELECT rm.id, rm.name, s.code AS siteCode, rm.width_tiles AS widthTiles, rm.depth_tiles AS depthTiles,
              rm.tile_mm AS tileMm, rm.ashrae_class AS ashraeClass
       FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE rm.id = ?`,
    )
    .get(roomId) as FloorRoom | undefined;
  if (!room) throw new FloorwalkError('not_found', `Room ${roomId} does not exist.`, { field: 'roomId' });
  return room;
}

/** Everything standing on the room's floor (racks and cooling units), for collision checks. */
export function floorItems(db: Db, roomId: number): FloorItem[] {
  return db
    .prepare(
      `SELECT id, name, 'rack' AS kind, grid_x AS gridX, grid_y AS gridY, width_tiles AS widthTiles, depth_tiles AS depthTiles, facing
       FROM racks WHERE room_id = @roomId
       UNION ALL
       SELECT id, name, kind, grid_x, grid_y, width_tiles, depth_tiles, facing FROM cooling_units WHERE room_id = @roomId`,
    )
    .all({ roomId }) as FloorItem[];
}

/** One row of RACKS_SQL read with `.raw()`, in its column order: arrays skip better-sqlite3's per-row objects. */
type RackRow = [
  id: number,
  name: string,
  rowId: number | null,
  row: string | null,
  gridX: number,
  gridY: number,
  facing: Facing,
  widthTiles: number,
  depthTiles: number,
  uHeight: number,
  cooling: RackCooling,
  devices: number,
  accelerators: number,
  acceleratorsNotOk: number,
  powerMaxKw: number,
  powerBudgetKw: number,
  severity: number,
];

/** Accelerator statuses that are not "ok"; listed rather than `<> 'ok'` so the status index can seek them. */
const NOT_OK_ACCELERATOR_STATUSES = `'degraded', 'failed', 'missing', 'rma'`;

/**
 * Racks with the figures the map colours by, aggregated set-wise:
 * - dev: the room's devices grouped by rack; each device counts its accelerators on the (device_id, slot)
 *   index, so the 8-per-server accelerator rows are never read from the table;
 * - bad: only the accelerators that are not ok, found through accelerators(status, device_id) (migration 7)
 *   and joined up to their rack; in a healthy hall that is a few hundred rows, not every GPU.
 * CROSS JOIN fixes the join order (SQLite keeps it as written), so bad starts from the few bad accelerators.
 */
const RACKS_SQL = `
  WITH dev AS (
    SELECT d.rack_id, count(*) AS devices, total(t.max_power_w) / 1000.0 AS max_kw, min(${SEVERITY_SQL.device}) AS severity,
           sum((SELECT count(*) FROM accelerators a WHERE a.device_id = d.id)) AS accelerators
    FROM racks r CROSS JOIN devices d ON d.rack_id = r.id CROSS JOIN device_types t ON t.id = d.type_id
    WHERE r.room_id = @roomId GROUP BY d.rack_id),
  bad AS (
    SELECT d.rack_id, count(*) AS not_ok, min(${SEVERITY_SQL.accelerator}) AS severity
    FROM accelerators a CROSS JOIN devices d ON d.id = a.device_id CROSS JOIN racks r ON r.id = d.rack_id
    WHERE a.status IN (${NOT_OK_ACCELERATOR_STATUSES}) AND r.room_id = @roomId GROUP BY d.rack_id)
  SELECT rk.id, rk.name, rk.row_id AS rowId, rr.name AS row, rk.grid_x AS gridX, rk.grid_y AS gridY, rk.facing,
         rk.width_tiles AS widthTiles, rk.depth_tiles AS depthTiles, rk.u_height AS uHeight, rk.cooling,
         coalesce(dev.devices, 0) AS devices, coalesce(dev.accelerators, 0) AS accelerators,
         coalesce(bad.not_ok, 0) AS acceleratorsNotOk, coalesce(dev.max_kw, 0) AS powerMaxKw,
         rk.power_budget_kw AS powerBudgetKw,
         CASE WHEN dev.rack_id IS NULL THEN ${EMPTY_SEVERITY} ELSE min(dev.severity, coalesce(bad.severity, 3)) END AS severity
  FROM racks rk
  LEFT JOIN rack_rows rr ON rr.id = rk.row_id
  LEFT JOIN dev ON dev.rack_id = rk.id
  LEFT JOIN bad ON bad.rack_id = rk.id
  WHERE rk.room_id = @roomId
  ORDER BY rk.grid_y, rk.grid_x, rk.id`;

/**
 * The floor map of one room in one read: racks with the figures the map colours by, rows with their
 * outline and facing, the hot/cold aisles those facings imply, cooling units and sensors. One statement
 * per kind, grouped in SQL; a 5,000-rack hall with 100,000 GPUs takes about 30–40 ms of CPU.
 */
export function floorData(db: Db, roomId: number): FloorData {
  const read = db.transaction((): FloorData => {
    const room = floorRoom(db, roomId);
    const rackRows = db.prepare(RACKS_SQL).raw(true).all({ roomId }) as RackRow[];
    const audit = rackAuditProgress(db, roomId);
    const telemetry = rackTelemetry(db, roomId);
    const racks: FloorRack[] = new Array<FloorRack>(rackRows.length);
    for (let i = 0; i < rackRows.length; i++) {
      const [id, name, rowId, row, gridX, gridY, facing, widthTiles, depthTiles, uHeight, cooling, devices, accelerators, acceleratorsNotOk, powerMaxKw, powerBudgetKw, severity] =
        rackRows[i] as RackRow;
      const t = telemetry.get(id);
      racks[i] = {
        id,
        name,
        rowId,
        row,
        gridX,
        gridY,
        facing,
        widthTiles,
        depthTiles,
        uHeight,
        cooling,
        devices,
        accelerators,
        acceleratorsNotOk,
        powerMaxKw,
        powerBudgetKw,
        health: RACK_HEALTHS[severity] ?? 'ok',
        auditProgress: audit.get(id) ?? null,
        inletC: t?.inletC ?? null,
        hottestGpuC: t?.hottestGpuC ?? null,
      };
    }

    const rowNames = db.prepare('SELECT id, name FROM rack_rows WHERE room_id = ? ORDER BY name').all(roomId) as Array<{ id: number; name: string }>;
    const racksByRow = new Map<number, FloorRack[]>();
    for (const rack of racks) {
      if (rack.rowId === null) continue;
      const list = racksByRow.get(rack.rowId);
      if (list) list.push(rack);
      else racksByRow.set(rack.rowId, [rack]);
    }
    const shapes: RowShape[] = [];
    const rows: FloorRow[] = [];
    for (const row of rowNames) {
      const members = racksByRow.get(row.id) ?? [];
      const shape = rowShape(row, members);
      if (!shape) continue;
      shapes.push(shape);
      rows.push({ id: row.id, name: row.name, facing: shape.facing, rect: shape.rect, racks: members.length });
    }
    const aisles = deriveAisles(shapes).map((a) => ({ kind: a.kind, rect: a.rect, rows: a.rowNames }));

    const coolingUnits = db
      .prepare(
        `SELECT c.id, c.kind, c.name, c.grid_x AS gridX, c.grid_y AS gridY, c.width_tiles AS widthTiles, c.depth_tiles AS depthTiles,
                c.facing, c.capacity_kw AS capacityKw, l.name AS loop
         FROM cooling_units c LEFT JOIN cooling_loops l ON l.id = c.loop_id WHERE c.room_id = ? ORDER BY c.kind, c.name`,
      )
      .all(roomId) as Array<FloorCoolingUnit & { kind: CoolingUnitKind }>;
    const sensors = db
      .prepare('SELECT id, name, kind, position, rack_id AS rackId, grid_x AS x, grid_y AS y FROM sensors WHERE room_id = ? ORDER BY id')
      .all(roomId) as FloorSensor[];

    return {
      room,
      rows,
      aisles,
      racks,
      coolingUnits,
      sensors,
      available: {
        audit: audit.size > 0,
        inlet: racks.some((r) => r.inletC !== null),
        gpuTemp: racks.some((r) => r.hottestGpuC !== null),
      },
    };
  });
  return read.deferred();
}
