import { afterEach, describe, expect, it } from 'vitest';
import { failoverReport } from '../../app/power/failover';
import { capacityReport } from '../../app/capacity/report';
import { testDb } from '../support/db';
import { smallChainDb } from '../support/power';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup() {
  const t = testDb();
  cleanup = t.cleanup;
  return { db: t.db, ...smallChainDb(t.db) };
}

describe('failover on a small hand-built chain', () => {
  it('losing utility A overloads exactly PDU-B2, by 5.6 kW', () => {
    const { db, roomId } = setup();
    const report = failoverReport(db, roomId);
    const utilA = report.elements.find((e) => e.element === 'UTIL-A');
    expect(utilA?.loadMovedKw).toBeCloseTo(25.5, 6); // half of 20.4 + 20.4 + 10.2
    expect(utilA?.droppedKw).toBe(0);
    expect(utilA?.overloaded.map((o) => o.element)).toEqual(['PDU-B2']);
    expect(utilA?.overloaded[0]?.loadKw).toBeCloseTo(30.6, 6);
    expect(utilA?.overloaded[0]?.ratingKw).toBe(25);
    expect(utilA?.overloaded[0]?.marginKw).toBeCloseTo(-5.6, 6);
  });

  it('losing utility B overloads exactly PDU-A1; PDU-A2 carries R3 alone within its rating', () => {
    const { db, roomId } = setup();
    const utilB = failoverReport(db, roomId).elements.find((e) => e.element === 'UTIL-B');
    expect(utilB?.overloaded.map((o) => [o.element, Number(o.loadKw.toFixed(1))])).toEqual([['PDU-A1', 40.8]]);
  });

  it('losing PDU-A1 moves R1 and R2 to B; B2 then runs 0.5 kW over, B1 stays within', () => {
    const { db, roomId } = setup();
    const a1 = failoverReport(db, roomId).elements.find((e) => e.element === 'PDU-A1');
    expect(a1?.racksAffected).toBe(2);
    expect(a1?.loadMovedKw).toBeCloseTo(20.4, 6);
    expect(a1?.overloaded.map((o) => o.element)).toEqual(['PDU-B2']);
    expect(a1?.overloaded[0]?.marginKw).toBeCloseTo(-0.5, 6);
  });

  it('losing PDU-A2 moves R3 onto B2 and overloads nothing; the UPS derived from amps is ~100 kW', () => {
    const { db, roomId } = setup();
    const report = failoverReport(db, roomId);
    expect(report.elements.find((e) => e.element === 'PDU-A2')?.overloaded).toEqual([]);
    const ups = report.loads.find((l) => l.element === 'UPS-A');
    expect(ups?.ratingKw).toBeCloseTo(Math.sqrt(3) * 415 * 139.1 / 1000, 6);
    expect(ups?.normalKw).toBeCloseTo(25.5, 6);
    expect(ups?.onBLossKw).toBeCloseTo(51, 6);
    expect(report.sources.nameplate).toBe(3);
  });

  it('orders the elements whose failure overloads something first', () => {
    const { db, roomId } = setup();
    const names = failoverReport(db, roomId).elements.map((e) => `${e.element}:${e.overloaded.length}`);
    expect(names.slice(0, 2).every((n) => n.endsWith(':1'))).toBe(true);
    expect(names.at(-1)?.endsWith(':0')).toBe(true);
  });
});

describe('capacity on the same chain', () => {
  it('R2 is bound upstream: PDU-A1 runs 10.8 kW over with side B lost, PDU-B2 5.6 kW over with side A lost', () => {
    const { db, roomId } = setup();
    const report = capacityReport(db, roomId);
    const r2 = report.racks.find((r) => r.rack === 'R2');
    expect(r2?.binding).toBe('power-upstream');
    expect(r2?.upstreamHeadroomKw).toBeCloseTo(30 - 40.8, 6);
    expect(r2?.usableKw).toBe(0);
    expect(r2?.headroomOnALossKw).toBeCloseTo(25 - 30.6, 6);
    expect(r2?.headroomOnBLossKw).toBeCloseTo(30 - 40.8, 6);
    expect(r2?.freeU).toBe(42 - 16);
  });

  it('R1 has 24.6 kW of budget left but PDU-A1 is already over on a B loss: all of it is stranded upstream', () => {
    const { db, roomId } = setup();
    const report = capacityReport(db, roomId);
    const r1 = report.racks.find((r) => r.rack === 'R1');
    expect(r1?.budgetHeadroomKw).toBeCloseTo(24.6, 6);
    // PDU-A1 carries 40.8 kW on B loss against 30: R1 is bound by A1 (−10.8), not B1.
    expect(r1?.upstreamHeadroomKw).toBeCloseTo(30 - 40.8, 6);
    expect(r1?.binding).toBe('power-upstream');
    const row = report.rows[0];
    // R1 and R2 hang on A1 and R3 on B2, both already over on a side loss: every rack strands all its headroom.
    expect(row?.usableKw).toBe(0);
    expect(row?.strandedBy['power-upstream']).toBeCloseTo(24.6 + 24.6 + 34.8, 6);
    expect(row?.budgetHeadroomKw).toBeCloseTo(24.6 + 24.6 + 34.8, 6);
  });

  it('cooling headroom comes from the loop (100 kW CDU less 51 kW on it)', () => {
    const { db, roomId } = setup();
    const r3 = capacityReport(db, roomId).racks.find((r) => r.rack === 'R3');
    expect(r3?.coolingHeadroomKw).toBeCloseTo(100 - 51, 6);
    expect(r3?.coolingPool).toBe('TCS-1');
  });
});
