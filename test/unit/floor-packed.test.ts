import { afterEach, describe, expect, it } from 'vitest';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import { floorData } from '../../app/floor/data';
import { packFloorData, unpackFloorData } from '../../app/floor/packed';
import { smallRoom, type SmallRoom } from '../fixtures/floor/small-room';

let fixture: SmallRoom | undefined;
afterEach(() => fixture?.db.close());

function setup(): { f: SmallRoom; ctx: HandlerContext } {
  fixture = smallRoom();
  return { f: fixture, ctx: { db: fixture.db, dbPath: ':memory:', actor: 'tester' } };
}

/** Adds a GPU server with 8 GPUs to a rack; statuses of the GPUs by slot, 'ok' for the rest. */
function addServer(f: SmallRoom, rackName: string, hostname: string, statuses: Record<number, string> = {}): void {
  const typeId = f.db.prepare("SELECT id FROM device_types WHERE slug = 'dgx-h100'").pluck().get() as number;
  const deviceId = Number(
    f.db.prepare("INSERT INTO devices (rack_id, type_id, u_position, role, hostname) VALUES (?, ?, 11, 'gpu-node', ?)").run(f.rack(rackName), typeId, hostname).lastInsertRowid,
  );
  for (let slot = 0; slot < 8; slot++) {
    f.db.prepare("INSERT INTO accelerators (device_id, slot, model, status) VALUES (?, ?, 'H100 SXM5 80GB', ?)").run(deviceId, slot, statuses[slot] ?? 'ok');
  }
}

describe('floor.map (racks packed in columns)', () => {
  it('unpacks to exactly what floor.data returns', async () => {
    const { f, ctx } = setup();
    // A rack in no row, and telemetry on one rack, so every kind of column is exercised.
    f.db.prepare("INSERT INTO racks (room_id, row_id, name, grid_x, grid_y, facing, cooling) VALUES (?, NULL, 'LONE', 15, 2, 'E', 'dlc')").run(f.roomId);
    const metric = Number(f.db.prepare("INSERT INTO telemetry_metrics (name, unit, count) VALUES ('inlet_temp_c', 'C', 1)").run().lastInsertRowid);
    const target = Number(f.db.prepare("INSERT INTO telemetry_targets (key, kind, entity_id, label, identity) VALUES ('rack:x', 'rack', ?, 'x', 'x')").run(f.rack('B-02')).lastInsertRowid);
    f.db.prepare('INSERT INTO telemetry_latest (metric_id, target_id, ts, value) VALUES (?, ?, 0, 27.5)').run(metric, target);

    const data = await callLocal(ctx, 'floor.data', { roomId: f.roomId });
    const packed = await callLocal(ctx, 'floor.map', { roomId: f.roomId });
    expect(packed).toEqual(packFloorData(data));
    expect(unpackFloorData(packed)).toEqual(data);
    // Through JSON, as the console receives it.
    expect(unpackFloorData(JSON.parse(JSON.stringify(packed)) as typeof packed)).toEqual(data);

    expect(data.racks.find((r) => r.name === 'LONE')).toMatchObject({ row: null, rowId: null, facing: 'E', cooling: 'dlc' });
    expect(packed.racks.rowNames).toEqual(['A', 'B', 'C']);
    expect(packed.racks.inletC).not.toBeNull();
    expect(packed.racks.hottestGpuC).toBeNull();
    expect(packed.racks.auditProgress).toBeNull();
  });

  it('is a fraction of floor.data as JSON', () => {
    const { f } = setup();
    const data = floorData(f.db, f.roomId);
    expect(JSON.stringify(packFloorData(data)).length).toBeLessThan(JSON.stringify(data).length / 2);
  });
});

describe('floor.data rack figures', () => {
  it('counts every accelerator status that is not ok, and rates the rack by the worst', () => {
    const { f } = setup();
    addServer(f, 'B-01', 'b01-n1', { 0: 'rma' });
    addServer(f, 'B-02', 'b02-n1', { 0: 'degraded', 1: 'degraded' });
    addServer(f, 'B-03', 'b03-n1', { 5: 'missing', 6: 'rma' });
    addServer(f, 'B-04', 'b04-n1');
    addServer(f, 'B-04', 'b04-n2');
    const racks = new Map(floorData(f.db, f.roomId).racks.map((r) => [r.name, r]));
    expect(racks.get('A-01')).toMatchObject({ devices: 1, accelerators: 8, acceleratorsNotOk: 1, health: 'failed' });
    expect(racks.get('B-01')).toMatchObject({ devices: 1, accelerators: 8, acceleratorsNotOk: 1, health: 'degraded' });
    expect(racks.get('B-02')).toMatchObject({ accelerators: 8, acceleratorsNotOk: 2, health: 'degraded' });
    expect(racks.get('B-03')).toMatchObject({ accelerators: 8, acceleratorsNotOk: 2, health: 'failed' });
    expect(racks.get('B-04')).toMatchObject({ devices: 2, accelerators: 16, acceleratorsNotOk: 0, health: 'ok', powerMaxKw: 20.4 });
    expect(racks.get('C-01')).toMatchObject({ devices: 0, accelerators: 0, acceleratorsNotOk: 0, health: 'empty', powerMaxKw: 0 });
  });

  it('rates a rack whose device an audit could not find as failed', () => {
    const { f } = setup();
    addServer(f, 'B-04', 'b04-n1');
    f.db.prepare("UPDATE devices SET status = 'missing' WHERE hostname = 'b04-n1'").run();
    const rack = floorData(f.db, f.roomId).racks.find((r) => r.name === 'B-04');
    expect(rack).toMatchObject({ acceleratorsNotOk: 0, health: 'failed' });
  });

  it('finds the accelerators that are not ok through the status index (migration 7), not by reading every GPU', () => {
    const { f } = setup();
    const plan = f.db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM accelerators a CROSS JOIN devices d ON d.id = a.device_id WHERE a.status IN ('degraded', 'failed', 'missing', 'rma')",
      )
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toContain('USING COVERING INDEX accelerators_by_status');
  });
});
