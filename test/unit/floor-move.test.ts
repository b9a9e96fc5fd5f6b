import { afterEach, describe, expect, it } from 'vitest';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import { FloorwalkError } from '../../app/core/errors';
import { floorData } from '../../app/floor/data';
import { recentChanges } from '../../app/inventory/change-log';
import { undoLastChange } from '../../app/inventory/writes/undo';
import { smallRoom, type SmallRoom } from '../fixtures/floor/small-room';

let fixture: SmallRoom | undefined;
afterEach(() => fixture?.db.close());

function setup(): { f: SmallRoom; ctx: HandlerContext } {
  fixture = smallRoom();
  return { f: fixture, ctx: { db: fixture.db, dbPath: ':memory:', actor: 'tester' } };
}

const position = (f: SmallRoom, name: string) =>
  f.db.prepare('SELECT grid_x AS gridX, grid_y AS gridY, facing FROM racks WHERE id = ?').get(f.rack(name)) as { gridX: number; gridY: number; facing: string };

async function refused(promise: Promise<unknown>): Promise<FloorwalkError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FloorwalkError);
  return error as FloorwalkError;
}

describe('floor.data', () => {
  it('lists racks with their figures, rows with derived aisles, cooling units and sensors', async () => {
    const { f, ctx } = setup();
    const data = await callLocal(ctx, 'floor.data', { roomId: f.roomId });
    expect(data.room).toMatchObject({ name: 'DH1', siteCode: 'TST1', widthTiles: 20, depthTiles: 14, tileMm: 600 });
    expect(data.racks).toHaveLength(10);
    const a01 = data.racks.find((r) => r.name === 'A-01')!;
    expect(a01).toMatchObject({ row: 'A', gridX: 2, gridY: 2, facing: 'S', devices: 1, accelerators: 8, acceleratorsNotOk: 1, powerMaxKw: 10.2, health: 'failed' });
    expect(a01.auditProgress).toBeNull();
    expect(a01.inletC).toBeNull();
    expect(data.racks.find((r) => r.name === 'A-02')).toMatchObject({ devices: 0, powerMaxKw: 0, health: 'empty' });
    expect(data.rows.map((r) => [r.name, r.facing, r.racks])).toEqual([
      ['A', 'S', 4],
      ['B', 'N', 4],
      ['C', 'S', 2],
    ]);
    expect(data.aisles.map((a) => [a.kind, a.rows.join('/'), a.rect])).toEqual([
      ['cold', 'A/B', { x: 2, y: 4, w: 4, h: 2 }],
      ['hot', 'B/C', { x: 2, y: 8, w: 2, h: 2 }],
    ]);
    expect(data.coolingUnits).toEqual([expect.objectContaining({ kind: 'CDU', name: 'CDU-A', gridX: 1, gridY: 2 })]);
    expect(data.sensors).toEqual([expect.objectContaining({ name: 'A-01-INLET', x: 2.5, y: 4 })]);
    expect(data.available).toEqual({ audit: false, inlet: false, gpuTemp: false });
  });

  it('lights up inlet and GPU temperatures once telemetry has been imported', async () => {
    const { f, ctx } = setup();
    const db = f.db;
    const metric = (name: string): number => Number(db.prepare("INSERT INTO telemetry_metrics (name, unit, count) VALUES (?, 'C', 1)").run(name).lastInsertRowid);
    const target = (kind: string, entityId: number): number =>
      Number(db.prepare("INSERT INTO telemetry_targets (key, kind, entity_id, label, identity) VALUES (?, ?, ?, 'x', 'x')").run(`${kind}:${entityId}`, kind, entityId).lastInsertRowid);
    const latest = (metricId: number, targetId: number, value: number): void => {
      db.prepare('INSERT INTO telemetry_latest (metric_id, target_id, ts, value) VALUES (?, ?, 0, ?)').run(metricId, targetId, value);
    };
    const inlet = metric('inlet_temp_c');
    const gpu = metric('gpu_temp_c');
    const sensorId = db.prepare("SELECT id FROM sensors WHERE name = 'A-01-INLET'").pluck().get() as number;
    latest(inlet, target('sensor', sensorId), 24.5);
    latest(inlet, target('rack', f.rack('B-02')), 31);
    const gpus = db.prepare('SELECT a.id FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE d.rack_id = ? ORDER BY a.slot').pluck().all(f.rack('A-01')) as number[];
    gpus.forEach((id, i) => latest(gpu, target('accelerator', id), 60 + i));

    const data = await callLocal(ctx, 'floor.data', { roomId: f.roomId });
    expect(data.racks.find((r) => r.name === 'A-01')).toMatchObject({ inletC: 24.5, hottestGpuC: 67 });
    expect(data.racks.find((r) => r.name === 'B-02')).toMatchObject({ inletC: 31, hottestGpuC: null });
    expect(data.racks.find((r) => r.name === 'C-01')).toMatchObject({ inletC: null, hottestGpuC: null });
    expect(data.available).toEqual({ audit: false, inlet: true, gpuTemp: true });
  });

  it('says which room is missing', async () => {
    const { ctx } = setup();
    expect((await refused(callLocal(ctx, 'floor.data', { roomId: 999 }))).message).toBe('Room 999 does not exist.');
  });
});

describe('rack.move', () => {
  it('moves one rack onto free floor, logs one move entry, and carries its sensors along', async () => {
    const { f, ctx } = setup();
    const result = await callLocal(ctx, 'rack.move', { moves: [{ rackId: f.rack('A-01'), gridX: 12, gridY: 2 }], reason: 'make room' });
    expect(result.moved).toEqual([{ id: f.rack('A-01'), name: 'A-01', gridX: 12, gridY: 2, facing: 'S' }]);
    expect(position(f, 'A-01')).toEqual({ gridX: 12, gridY: 2, facing: 'S' });
    const [entry] = recentChanges(f.db, 1);
    expect(entry).toMatchObject({
      actor: 'tester',
      entity: 'rack',
      entityId: f.rack('A-01'),
      action: 'move',
      before: { gridX: 2, gridY: 2, facing: 'S' },
      after: { gridX: 12, gridY: 2, facing: 'S' },
      reason: 'make room',
      changeSet: result.changeSet,
    });
    expect(floorData(f.db, f.roomId).sensors[0]).toMatchObject({ x: 12.5, y: 4 });
  });

  it('turns a rack and keeps its inlet sensor on the new front', async () => {
    const { f, ctx } = setup();
    await callLocal(ctx, 'rack.move', { moves: [{ rackId: f.rack('A-01'), gridX: 12, gridY: 2, facing: 'E' }] });
    expect(position(f, 'A-01')).toEqual({ gridX: 12, gridY: 2, facing: 'E' });
    // Facing east the rack covers x 12–13, y 2; its front is the east edge x = 14, middle y = 2.5.
    expect(floorData(f.db, f.roomId).sensors[0]).toMatchObject({ x: 14, y: 2.5 });
  });

  it('refuses a move onto another rack or a cooling unit, writing nothing', async () => {
    const { f, ctx } = setup();
    const before = recentChanges(f.db, 100).length;
    const onRack = await refused(callLocal(ctx, 'rack.move', { moves: [{ rackId: f.rack('C-01'), gridX: 3, gridY: 6 }] }));
    expect(onRack.code).toBe('rule_violation');
    expect(onRack.message).toBe('Rack C-01 would overlap B-02 on the floor at (3, 6).');
    const onCdu = await refused(callLocal(ctx, 'rack.move', { moves: [{ rackId: f.rack('C-01'), gridX: 1, gridY: 3 }] }));
    expect(onCdu.message).toMatch(/C-01 would overlap CDU-A/);
    const outside = await refused(callLocal(ctx, 'rack.move', { moves: [{ rackId: f.rack('C-01'), gridX: 19, gridY: 13 }] }));
    expect(outside.message).toMatch(/outside room DH1, which is 20 × 14 tiles/);
    expect(position(f, 'C-01')).toEqual({ gridX: 2, gridY: 10, facing: 'S' });
    expect(recentChanges(f.db, 100)).toHaveLength(before);
  });

  it('moves a selection all or nothing, one entry per rack in one change set', async () => {
    const { f, ctx } = setup();
    const row = ['A-01', 'A-02', 'A-03', 'A-04'];
    // Shift the whole row one tile east: each rack lands where its neighbour stood, which is free because it moves too.
    const result = await callLocal(ctx, 'rack.move', { moves: row.map((name, i) => ({ rackId: f.rack(name), gridX: 3 + i, gridY: 2 })) });
    expect(result.moved.map((m) => [m.name, m.gridX])).toEqual(row.map((name, i) => [name, 3 + i]));
    const entries = recentChanges(f.db, 4);
    expect(entries.every((e) => e.action === 'move' && e.changeSet === result.changeSet)).toBe(true);
    expect(new Set(entries.map((e) => e.entityId))).toEqual(new Set(row.map((name) => f.rack(name))));

    // Half of a selection onto free floor and half onto row B: nothing moves.
    const count = recentChanges(f.db, 100).length;
    const error = await refused(
      callLocal(ctx, 'rack.move', {
        moves: [
          { rackId: f.rack('C-01'), gridX: 15, gridY: 10 },
          { rackId: f.rack('C-02'), gridX: 4, gridY: 7 },
        ],
      }),
    );
    expect(error.message).toMatch(/C-02 would overlap B-03/);
    expect(position(f, 'C-01')).toEqual({ gridX: 2, gridY: 10, facing: 'S' });
    expect(recentChanges(f.db, 100)).toHaveLength(count);
  });

  it('refuses two racks of a selection on the same tile, the same rack twice, and racks of two rooms', async () => {
    const { f, ctx } = setup();
    const same = await refused(
      callLocal(ctx, 'rack.move', {
        moves: [
          { rackId: f.rack('C-01'), gridX: 15, gridY: 10 },
          { rackId: f.rack('C-02'), gridX: 15, gridY: 11 },
        ],
      }),
    );
    expect(same.message).toMatch(/C-02 would overlap C-01/);
    const twice = await refused(
      callLocal(ctx, 'rack.move', {
        moves: [
          { rackId: f.rack('C-01'), gridX: 15, gridY: 10 },
          { rackId: f.rack('C-01'), gridX: 16, gridY: 10 },
        ],
      }),
    );
    expect(twice.message).toMatch(/listed twice/);
    const otherRoom = Number(f.db.prepare("INSERT INTO rooms (site_id, name, width_tiles, depth_tiles) VALUES (1, 'DH2', 10, 10)").run().lastInsertRowid);
    const elsewhere = Number(f.db.prepare("INSERT INTO racks (room_id, name, grid_x, grid_y) VALUES (?, 'Z-01', 1, 1)").run(otherRoom).lastInsertRowid);
    const mixed = await refused(
      callLocal(ctx, 'rack.move', {
        moves: [
          { rackId: f.rack('C-01'), gridX: 15, gridY: 10 },
          { rackId: elsewhere, gridX: 3, gridY: 3 },
        ],
      }),
    );
    expect(mixed.message).toMatch(/different rooms/);
    const missing = await refused(callLocal(ctx, 'rack.move', { moves: [{ rackId: 9999, gridX: 1, gridY: 1 }] }));
    expect(missing.code).toBe('not_found');
  });

  it('logs full rack rows in an order that undo can walk back, even when racks take each other’s places', async () => {
    const { f, ctx } = setup();
    const row = ['A-01', 'A-02', 'A-03', 'A-04'];
    // Listed west to east, each rack moving onto its east neighbour's tile: undo must put A-04 back last.
    await callLocal(ctx, 'rack.move', { moves: row.map((name, i) => ({ rackId: f.rack(name), gridX: 3 + i, gridY: 2 })) });
    const [newest] = recentChanges(f.db, 1);
    expect(newest!.before).toEqual(expect.objectContaining({ id: newest!.entityId, roomId: f.roomId, name: expect.any(String), uHeight: 42, powerBudgetKw: 40 }));
    const undone = undoLastChange(f.db, { actor: 'tester' });
    expect(undone.undoneCount).toBe(4);
    expect(row.map((name) => position(f, name).gridX)).toEqual([2, 3, 4, 5]);
  });

  it('logs nothing for a rack dropped where it stood', async () => {
    const { f, ctx } = setup();
    const count = recentChanges(f.db, 100).length;
    const result = await callLocal(ctx, 'rack.move', { moves: [{ rackId: f.rack('A-01'), gridX: 2, gridY: 2 }] });
    expect(result).toEqual({ changeSet: null, moved: [] });
    expect(recentChanges(f.db, 100)).toHaveLength(count);
  });
});

describe('row.addRacks', () => {
  const input = (roomId: number, extra: Record<string, unknown> = {}) => ({
    roomId,
    row: 'D',
    gridX: 8,
    gridY: 10,
    direction: 'E',
    count: 5,
    facing: 'S',
    namePrefix: 'D-',
    powerBudgetKw: 60,
    cooling: 'dlc',
    ...extra,
  });

  it('adds a new row of racks with the given settings, one create entry per rack and the row', async () => {
    const { f, ctx } = setup();
    const result = await callLocal(ctx, 'row.addRacks', input(f.roomId));
    expect(result.row).toMatchObject({ name: 'D', created: true });
    expect(result.racks.map((r) => [r.name, r.gridX, r.gridY])).toEqual([
      ['D-01', 8, 10],
      ['D-02', 9, 10],
      ['D-03', 10, 10],
      ['D-04', 11, 10],
      ['D-05', 12, 10],
    ]);
    const stored = f.db.prepare("SELECT u_height, power_budget_kw, cooling, facing FROM racks WHERE name = 'D-03'").get();
    expect(stored).toEqual({ u_height: 42, power_budget_kw: 60, cooling: 'dlc', facing: 'S' });
    const entries = recentChanges(f.db, 6);
    expect(entries.map((e) => `${e.entity}:${e.action}`).sort()).toEqual(['rack:create', 'rack:create', 'rack:create', 'rack:create', 'rack:create', 'rack_row:create']);
    expect(entries.every((e) => e.changeSet === result.changeSet)).toBe(true);
    const data = floorData(f.db, f.roomId);
    expect(data.rows.find((r) => r.name === 'D')).toMatchObject({ racks: 5, rect: { x: 8, y: 10, w: 5, h: 2 } });
  });

  it('is undone as one gesture: the racks and the new row go again', async () => {
    const { f, ctx } = setup();
    const racks = f.db.prepare('SELECT count(*) FROM racks').pluck().get();
    await callLocal(ctx, 'row.addRacks', input(f.roomId));
    expect(undoLastChange(f.db, { actor: 'tester' }).undoneCount).toBe(6);
    expect(f.db.prepare('SELECT count(*) FROM racks').pluck().get()).toBe(racks);
    expect(f.db.prepare("SELECT count(*) FROM rack_rows WHERE name = 'D'").pluck().get()).toBe(0);
  });

  it('extends an existing row without creating it again', async () => {
    const { f, ctx } = setup();
    const result = await callLocal(ctx, 'row.addRacks', input(f.roomId, { row: 'C', namePrefix: 'C-', firstNumber: 3, gridX: 4, count: 2 }));
    expect(result.row).toMatchObject({ name: 'C', created: false });
    expect(result.racks.map((r) => r.name)).toEqual(['C-03', 'C-04']);
  });

  it('refuses a row that runs into a rack, past the wall, over taken names, or front to back, writing nothing', async () => {
    const { f, ctx } = setup();
    const count = recentChanges(f.db, 100).length;
    const racks = f.db.prepare('SELECT count(*) FROM racks').pluck().get();
    expect((await refused(callLocal(ctx, 'row.addRacks', input(f.roomId, { gridX: 0, gridY: 10 })))).message).toMatch(/D-03 would overlap C-01/);
    expect((await refused(callLocal(ctx, 'row.addRacks', input(f.roomId, { gridX: 17 })))).message).toMatch(/D-04 .* outside room DH1/);
    const names = await refused(callLocal(ctx, 'row.addRacks', input(f.roomId, { namePrefix: 'A-', gridX: 8 })));
    expect(names.code).toBe('conflict');
    expect(names.message).toMatch(/already has racks named A-01, A-02, A-03 and 1 more/);
    expect((await refused(callLocal(ctx, 'row.addRacks', input(f.roomId, { direction: 'S' })))).message).toMatch(/runs east or west/);
    expect(f.db.prepare('SELECT count(*) FROM racks').pluck().get()).toBe(racks);
    expect(f.db.prepare("SELECT count(*) FROM rack_rows WHERE name = 'D'").pluck().get()).toBe(0);
    expect(recentChanges(f.db, 100)).toHaveLength(count);
  });
});
