import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { healthReport } from '../../app/health/report';
import { testDb } from '../support/db';

let cleanup: () => void = () => undefined;
afterEach(() => cleanup());

/** An NVL72 rack built part by part in a real database: 18 compute trays of 4 GPUs, 9 NVLink switch trays. */
function nvl72Rack(db: Db, opts: { computeTrays?: number; switchTrays?: number } = {}): number {
  const room = db.prepare('SELECT id FROM rooms ORDER BY id LIMIT 1').pluck().get() as number;
  const rack = Number(db.prepare(`INSERT INTO racks (room_id, name, grid_x, grid_y, u_height, power_budget_kw, cooling) VALUES (?, 'NVL-01', 28, 12, 48, 132, 'dlc')`).run(room).lastInsertRowid);
  const type = (slug: string): number => db.prepare('SELECT id FROM device_types WHERE slug = ?').pluck().get(slug) as number;
  const compute = type('nvidia-gb200-nvl72-compute-tray');
  const sw = type('nvidia-gb200-nvl72-switch-tray');
  const addDevice = db.prepare(`INSERT INTO devices (rack_id, type_id, u_position, role, hostname) VALUES (?, ?, ?, ?, ?)`);
  const addGpu = db.prepare(`INSERT INTO accelerators (device_id, slot, model, serial) VALUES (?, ?, 'B200 (GB200) 186GB', ?)`);
  let u = 1;
  for (let tray = 0; tray < (opts.computeTrays ?? 18); tray++) {
    const device = Number(addDevice.run(rack, compute, u++, 'gpu-node', `nvl-01-c${tray}`).lastInsertRowid);
    for (let slot = 0; slot < 4; slot++) addGpu.run(device, slot, `GB${tray}-${slot}`);
  }
  for (let tray = 0; tray < (opts.switchTrays ?? 9); tray++) addDevice.run(rack, sw, u++, 'nvlink-switch', `nvl-01-s${tray}`);
  return rack;
}

describe('NVL72 NVLink domains', () => {
  it('counts a full rack as one healthy domain of 72 GPUs', () => {
    const t = testDb({ demoAccelerators: 200 });
    cleanup = t.cleanup;
    const rack = nvl72Rack(t.db);
    const [domain] = healthReport(t.db).domains;
    expect(domain).toMatchObject({ rackId: rack, computeTrays: 18, switchTrays: 9, gpusExpected: 72, gpusPresent: 72, gpusHealthy: 72, state: 'healthy' });
  });

  it('is degraded with one failed GPU and impaired below 64 healthy GPUs or with two switch trays gone', () => {
    const t = testDb({ demoAccelerators: 200 });
    cleanup = t.cleanup;
    nvl72Rack(t.db);
    t.db.prepare(`UPDATE accelerators SET status = 'failed' WHERE serial = 'GB3-1'`).run();
    expect(healthReport(t.db).domains[0]).toMatchObject({ gpusPresent: 72, gpusHealthy: 71, state: 'degraded', reason: '71/72 GPUs healthy' });
    t.db.prepare(`UPDATE devices SET status = 'offline' WHERE hostname IN ('nvl-01-c4', 'nvl-01-c5')`).run();
    expect(healthReport(t.db).domains[0]).toMatchObject({ gpusHealthy: 63, state: 'impaired' });

    const u = testDb({ demoAccelerators: 200 });
    const first = cleanup;
    cleanup = () => {
      first();
      u.cleanup();
    };
    nvl72Rack(u.db, { switchTrays: 7 });
    expect(healthReport(u.db).domains[0]).toMatchObject({ switchTrays: 7, gpusHealthy: 72, state: 'impaired', reason: '7/9 NVLink switch trays' });
  });

  it('lists no domain where there is no NVL72 rack', () => {
    const t = testDb({ demoAccelerators: 200 });
    cleanup = t.cleanup;
    expect(healthReport(t.db).domains).toEqual([]);
  });
});
