import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { capacityReport } from '../../app/capacity/report';
import { failoverReport } from '../../app/power/failover';
import { testDb } from '../support/db';

let db: Db;
let cleanup: () => void;
beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 8000, seed: 7 }));
});
afterAll(() => cleanup());

/** The demo's halls as a planner would find real ones: cooled for what they were built for, with power to add. */
describe('demo capacity realism', () => {
  const halls = (): Array<{ id: number; label: string }> =>
    db.prepare("SELECT rm.id, s.code || '/' || rm.name AS label FROM rooms rm JOIN sites s ON s.id = rm.site_id ORDER BY rm.id").all() as Array<{ id: number; label: string }>;

  it('every hall’s room air carries its air load with the largest unit out, with at least 5 % to spare', () => {
    for (const hall of halls()) {
      const air = capacityReport(db, hall.id).pools.find((p) => p.kind === 'air');
      expect(air, hall.label).toBeDefined();
      const spare = (air?.headroomKw ?? 0) / (air?.capacityKw ?? 1);
      expect([hall.label, spare > 0.05 && spare < 1]).toEqual([hall.label, true]);
    }
  });

  it('every hall can still take power somewhere, and no hall is bound by cooling as a whole', () => {
    for (const hall of halls()) {
      const report = capacityReport(db, hall.id);
      expect([hall.label, report.hall.usableKw > 0]).toEqual([hall.label, true]);
      expect([hall.label, report.hall.binding]).not.toEqual([hall.label, 'cooling']);
      for (const pool of report.pools) expect([hall.label, pool.pool, pool.headroomKw > 0]).toEqual([hall.label, pool.pool, true]);
    }
  });

  it('every hall’s chain survives the loss of a whole UPS side without dropping a rack', () => {
    for (const hall of halls()) {
      const ups = failoverReport(db, hall.id).elements.filter((e) => e.kind === 'ups');
      expect(ups.length, hall.label).toBeGreaterThan(0);
      for (const e of ups) expect([hall.label, e.element, e.droppedKw]).toEqual([hall.label, e.element, 0]);
    }
  });
});
