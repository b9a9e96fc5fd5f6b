import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import { testDb } from '../support/db';

/** Adding a device on a free U offers only the types that fit the span, the rack's cooling and its power budget. */

let db: Db;
let cleanup: () => void;
let ctx: HandlerContext;
let rackId: number;

const typeId = (slug: string): number => db.prepare('SELECT id FROM device_types WHERE slug = ?').pluck().get(slug) as number;

beforeEach(async () => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
  ctx = { db, dbPath: ':test:', actor: 'tech@test', caller: 'cli' };
  const siteId = db.prepare('SELECT id FROM sites ORDER BY id LIMIT 1').pluck().get() as number;
  const room = await callLocal(ctx, 'room.create', { fields: { siteId, name: 'LAB', widthTiles: 10, depthTiles: 10 } });
  const rack = await callLocal(ctx, 'rack.create', { fields: { roomId: room.id, name: 'L01', gridX: 1, gridY: 1, cooling: 'air', powerBudgetKw: 20 } });
  rackId = rack.id;
  // A 2U server at U10–U11 leaves U5–U9 (5 U) free below it.
  await callLocal(ctx, 'device.create', { fields: { rackId, typeId: typeId('dell-r760'), uPosition: 10, role: 'management' } });
});
afterEach(() => cleanup());

describe('rack.typesForSpace', () => {
  it('offers what fits the free span and says why a taller type does not', async () => {
    const space = await callLocal(ctx, 'rack.typesForSpace', { rackId, uPosition: 5, face: 'front' });
    expect(space).toMatchObject({ rack: 'L01', freeSpanU: 5, cooling: 'air', hasLoop: false, powerBudgetKw: 20, nameplateKw: 1.4 });
    const fits = space.fits.map((t) => t.slug);
    expect(fits).toContain('dell-r760');
    expect(fits).toContain('patch-1u-48');
    expect(fits).toContain('apc-ap8886');
    expect(fits.every((slug) => !['dgx-h100', 'dell-xe9680'].includes(slug))).toBe(true);
    const dgx = space.refused.find((r) => r.slug === 'dgx-h100');
    expect(dgx?.reason).toMatch(/^U5–U12 of rack L01 is not free for the NVIDIA DGX H100: .* occupies U10–U11 \(full depth\)\.$/);
    // Every type is either offered or refused with a reason.
    const all = db.prepare('SELECT count(*) FROM device_types').pluck().get() as number;
    expect(space.fits.length + space.refused.length).toBe(all);
    expect(space.refused.every((r) => r.reason.length > 0)).toBe(true);
  });

  it('leaves liquid-cooled types out of an air rack, and offers them in a DLC rack with a loop', async () => {
    const air = await callLocal(ctx, 'rack.typesForSpace', { rackId, uPosition: 1, face: 'front' });
    expect(air.fits.some((t) => t.airflow === 'liquid')).toBe(false);
    expect(air.refused.find((r) => r.slug === 'smc-hgx-h200-lcc')?.reason).toBe(
      'The Supermicro SYS-421GE-TNHR2-LCC (HGX H200 8-GPU, liquid) is liquid-cooled; rack L01 is cooled by air, not direct liquid or immersion.',
    );
    await callLocal(ctx, 'rack.update', { id: rackId, patch: { cooling: 'dlc' } });
    const noLoop = await callLocal(ctx, 'rack.typesForSpace', { rackId, uPosition: 1, face: 'front' });
    expect(noLoop.refused.find((r) => r.slug === 'smc-hgx-h200-lcc')?.reason).toMatch(/has no cooling loop\.$/);
    const roomId = db.prepare('SELECT room_id FROM racks WHERE id = ?').pluck().get(rackId) as number;
    const loopId = Number(db.prepare("INSERT INTO cooling_loops (room_id, name, medium) VALUES (?, 'LAB-L1', 'water')").run(roomId).lastInsertRowid);
    await callLocal(ctx, 'rack.update', { id: rackId, patch: { loopId, powerBudgetKw: 60 } });
    const dlc = await callLocal(ctx, 'rack.typesForSpace', { rackId, uPosition: 1, face: 'front' });
    expect(dlc.fits.map((t) => t.slug)).toContain('smc-hgx-h200-lcc');
  });

  it('leaves out what would take the nameplate over the rack budget', async () => {
    await callLocal(ctx, 'rack.update', { id: rackId, patch: { powerBudgetKw: 2.5 } });
    const space = await callLocal(ctx, 'rack.typesForSpace', { rackId, uPosition: 1, face: 'front' });
    expect(space.refused.find((r) => r.slug === 'dell-r760')?.reason).toBe('The Dell PowerEdge R760 (1.4 kW) would bring rack L01 to 2.8 kW of nameplate, over its 2.5 kW budget.');
    // Passive parts draw nothing and still fit.
    expect(space.fits.map((t) => t.slug)).toContain('patch-1u-48');
  });

  it('without a U offers only zero-U parts', async () => {
    const space = await callLocal(ctx, 'rack.typesForSpace', { rackId, uPosition: null, face: 'front' });
    expect(space.fits.length).toBeGreaterThan(0);
    expect(space.fits.every((t) => t.uHeight === 0)).toBe(true);
  });
});
