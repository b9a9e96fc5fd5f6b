import type { Db } from '../db/open';
import { floorToRack, rackToFloor, type Placed } from './geometry';

/**
 * Sensors fixed to a rack (inlet, outlet) travel with it: each keeps its place relative to the rack's front,
 * also when the rack turns. Call inside the transaction that moves the rack; any write path that changes a
 * rack's grid position or facing should call it, so the heatmap's sensor positions stay true.
 */
export function moveRackSensors(db: Db, rackId: number, from: Placed, to: Placed): number {
  if (from.gridX === to.gridX && from.gridY === to.gridY && from.facing === to.facing) return 0;
  const sensors = db.prepare('SELECT id, grid_x AS x, grid_y AS y FROM sensors WHERE rack_id = ?').all(rackId) as Array<{ id: number; x: number; y: number }>;
  const update = db.prepare('UPDATE sensors SET grid_x = ?, grid_y = ? WHERE id = ?');
  for (const sensor of sensors) {
    const local = floorToRack(from, sensor.x, sensor.y);
    const next = rackToFloor(to, local.u, local.v);
    update.run(next.x, next.y, sensor.id);
  }
  return sensors.length;
}
