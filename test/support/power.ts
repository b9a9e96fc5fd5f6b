import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../app/db/open';
import { importPowerCsv } from '../../app/power/import';

export const POWER_FIXTURES = path.join(__dirname, '..', 'fixtures', 'power');

/**
 * A hand-built hall with known answers: three racks of DGX H100s (10.2 kW nameplate each) — R1 and R2
 * with two (20.4 kW), R3 with one (10.2 kW) — hung on PDU-A1/A2 and PDU-B1/B2 (B2 is the small one,
 * 25 kW) under one UPS and one utility feed per side. Losing UTIL-A puts 30.6 kW on PDU-B2 and
 * overloads it alone.
 */
export function smallChainDb(db: Db): { roomId: number; racks: Record<'R1' | 'R2' | 'R3', number> } {
  const siteId = Number(db.prepare("INSERT INTO sites (code, name, timezone) VALUES ('T1', 'Test', 'UTC')").run().lastInsertRowid);
  const roomId = Number(db.prepare("INSERT INTO rooms (site_id, name, width_tiles, depth_tiles) VALUES (?, 'H1', 20, 10)").run(siteId).lastInsertRowid);
  const rowId = Number(db.prepare("INSERT INTO rack_rows (room_id, name) VALUES (?, 'R')").run(roomId).lastInsertRowid);
  const loopId = Number(db.prepare("INSERT INTO cooling_loops (room_id, name, medium) VALUES (?, 'TCS-1', 'pg25')").run(roomId).lastInsertRowid);
  db.prepare("INSERT INTO cooling_units (room_id, kind, name, grid_x, grid_y, capacity_kw, loop_id) VALUES (?, 'CDU', 'CDU-1', 0, 0, 100, ?)").run(roomId, loopId);
  db.prepare("INSERT INTO cooling_units (room_id, kind, name, grid_x, grid_y, capacity_kw) VALUES (?, 'CRAH', 'CRAH-1', 10, 0, 30)").run(roomId);
  db.prepare("INSERT INTO cooling_units (room_id, kind, name, grid_x, grid_y, capacity_kw) VALUES (?, 'CRAH', 'CRAH-2', 12, 0, 30)").run(roomId);
  const dgx = db.prepare("SELECT id FROM device_types WHERE slug = 'dgx-h100'").pluck().get() as number;
  const rack = db.prepare("INSERT INTO racks (room_id, row_id, name, grid_x, grid_y, power_budget_kw, cooling, loop_id) VALUES (?, ?, ?, ?, 2, 45, 'rdhx', ?)");
  const device = db.prepare("INSERT INTO devices (rack_id, type_id, u_position, role, hostname) VALUES (?, ?, ?, 'gpu-node', ?)");
  const racks = { R1: 0, R2: 0, R3: 0 };
  (['R1', 'R2', 'R3'] as const).forEach((name, i) => {
    const id = Number(rack.run(roomId, rowId, name, 2 + i, loopId).lastInsertRowid);
    racks[name] = id;
    const servers = name === 'R3' ? 1 : 2;
    for (let n = 0; n < servers; n++) device.run(id, dgx, 1 + n * 8, `${name.toLowerCase()}-n${n + 1}`);
  });
  for (const kind of ['elements', 'feeds'] as const) {
    const file = path.join(POWER_FIXTURES, `small-chain-${kind}.csv`);
    const report = importPowerCsv({ db, actor: 'test' }, { kind, text: fs.readFileSync(file, 'utf8'), name: path.basename(file) });
    if (!report.committed) throw new Error(`fixture ${kind} did not import: ${JSON.stringify(report.errors)}`);
  }
  return { roomId, racks };
}
