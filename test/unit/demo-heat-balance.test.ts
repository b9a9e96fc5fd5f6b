import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { writeDemoTelemetry } from '../../app/demo/telemetry-files';
import { heatmapLoops } from '../../app/heatmap/frame';
import { CDU_HEAT_BALANCE_TOLERANCE_PCT } from '../../app/heatmap/thresholds';
import { energyReport } from '../../app/capacity/energy';
import { capacityReport } from '../../app/capacity/report';
import { importTelemetry } from '../../app/telemetry/import';
import { testDb } from '../support/db';

let db: Db;
let cleanup: () => void;
const roomOf = (code: string): number => db.prepare("SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = ? AND rm.name = 'DH1'").pluck().get(code) as number;

beforeAll(async () => {
  const t = testDb({ demoAccelerators: 8000, seed: 7 });
  ({ db, cleanup } = t);
  const files = writeDemoTelemetry(db, { outDir: path.join(path.dirname(t.file), 'telemetry'), endMs: Date.UTC(2026, 6, 14, 12, 0, 0) });
  for (const file of files) await importTelemetry(db, { source: { path: file.file } }, { actor: 'test' });
});
afterAll(() => cleanup());

/**
 * DUB2 is the demo hall where a CDU's coolant figures and its racks' power meet: every rack is metered at
 * its PDUs and every CDU reports flow and supply/return, so heat balance has figures on both sides.
 */
describe('demo heat balance (DUB2)', () => {
  it('every CDU loop has the heat its coolant carries and the heat its racks give it, within the tolerance', () => {
    const { loops } = heatmapLoops(db, roomOf('DUB2'));
    expect(loops.length).toBeGreaterThan(1);
    for (const loop of loops) {
      expect(loop.racksWithPower, loop.cdu).toBe(loop.racks);
      expect(loop.heatCarriedKw, loop.cdu).not.toBeNull();
      expect(loop.expectedHeatKw, loop.cdu).not.toBeNull();
      const off = Math.abs((loop.heatCarriedKw ?? 0) - (loop.expectedHeatKw ?? 1)) / (loop.expectedHeatKw ?? 1);
      expect(off * 100, loop.cdu).toBeLessThan(CDU_HEAT_BALANCE_TOLERANCE_PCT);
      // Cold plates take most of a direct-liquid rack's heat, never more than it draws.
      expect(loop.heatCarriedKw ?? 0, loop.cdu).toBeLessThan(loop.rackPowerKw ?? 0);
    }
  });

  it('the starved CDU carries its heat at a ΔT above the 15 K limit, the others near the 10 K they were built for', () => {
    const { loops } = heatmapLoops(db, roomOf('DUB2'));
    const hot = loops.filter((l) => (l.deltaTK ?? 0) > 15);
    expect(hot.map((l) => l.cdu)).toEqual(['CDU-R02']);
    for (const l of loops.filter((x) => x.cdu !== 'CDU-R02')) expect(Math.abs((l.deltaTK ?? 0) - 10)).toBeLessThan(1.5);
  });

  it('the energy view has IT power and heat removed for the hall and each loop; their ratio is the cold plates’ share', () => {
    const e = energyReport(db, roomOf('DUB2'));
    expect(e.itKw).not.toBeNull();
    expect(e.heatRemovedKw).not.toBeNull();
    expect(e.ratio ?? 0).toBeGreaterThan(0.85);
    expect(e.ratio ?? 1).toBeLessThan(1);
    for (const loop of e.loops) expect([loop.loop, loop.ratio !== null]).toEqual([loop.loop, true]);
  });

  it('capacity reads the hall’s loads from its PDUs', () => {
    const racks = capacityReport(db, roomOf('DUB2')).racks;
    expect(racks.every((r) => r.loadSource === 'pdu-telemetry')).toBe(true);
  });
});
