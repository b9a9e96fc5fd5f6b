import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { inventoryStats, inventoryTree } from '../../app/inventory/queries';
import { roomDetail, roomRacks } from '../../app/inventory/room';
import { resolveRack, resolveRoom } from '../../app/inventory/resolve';
import { testDb } from '../support/db';

let db: Db;
let cleanup: () => void;
beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 1_200, seed: 5 }));
});
afterAll(() => cleanup());

describe('inventory queries', () => {
  it('the tree counts add up to the totals', () => {
    const stats = inventoryStats(db);
    const rooms = inventoryTree(db).flatMap((site) => site.rooms);
    expect(rooms.reduce((n, r) => n + r.racks, 0)).toBe(stats.racks);
    expect(rooms.reduce((n, r) => n + r.devices, 0)).toBe(stats.devices);
    expect(rooms.reduce((n, r) => n + r.accelerators, 0)).toBe(stats.accelerators);
    for (const room of rooms) expect(room.powerMaxKw).toBeLessThanOrEqual(room.powerBudgetKw);
  });

  it('a room’s racks carry their fill, power and GPU counts', () => {
    const racks = roomRacks(db, 1);
    const detail = roomDetail(db, 1);
    expect(racks).toHaveLength(detail.racks);
    expect(racks.reduce((n, r) => n + r.accelerators, 0)).toBe(detail.accelerators);
    const gpuRack = racks.find((r) => r.accelerators > 0);
    expect(gpuRack?.uUsed).toBeGreaterThan(8);
    expect(gpuRack?.uUsed).toBeLessThanOrEqual(gpuRack?.uHeight ?? 0);
  });

  it('names a missing room instead of returning nothing', () => {
    expect(() => roomDetail(db, 999)).toThrow(/Room 999 does not exist/);
  });

  it('resolves rooms and racks the way technicians write them, and refuses to guess', () => {
    expect(resolveRoom(db, 'PHX1/DH1').siteCode).toBe('PHX1');
    expect(resolveRoom(db, '2').id).toBe(2);
    expect(() => resolveRoom(db, 'DH1')).toThrow(/names 4 rooms: .*Use SITE\/ROOM/);
    expect(() => resolveRoom(db, 'PHX1/DH9')).toThrow(/No room/);
    const tag = db.prepare('SELECT asset_tag FROM racks WHERE id = 3').pluck().get() as string;
    expect(resolveRack(db, tag).id).toBe(3);
    expect(resolveRack(db, 'DUB2/DH1/R01-02').name).toBe('R01-02');
    expect(() => resolveRack(db, 'R01-02')).toThrow(/several racks/);
  });
});
