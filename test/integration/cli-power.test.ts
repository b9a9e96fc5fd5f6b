import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/db/open';
import { runFloorwalk, runJson } from '../support/cli';
import { POWER_FIXTURES, smallChainDb } from '../support/power';
import { tempDir } from '../support/temp';

let dir: { dir: string; cleanup: () => void };
let db: string;

beforeAll(() => {
  dir = tempDir();
  db = path.join(dir.dir, 'power.db');
  const handle = openDatabase(db, { create: true });
  smallChainDb(handle);
  handle.close();
});
afterAll(() => dir.cleanup());

interface Failover {
  elements: Array<{ element: string; kind: string; loadMovedKw: number; overloaded: Array<{ element: string; loadKw: number; ratingKw: number }> }>;
}

describe('floorwalk power and capacity on the hand-built chain', () => {
  it('power failover --json names exactly PDU-B2 when UTIL-A fails', () => {
    const out = runJson<Failover>(['--db', db, 'power', 'failover', '--room', 'T1/H1']);
    const utilA = out.elements.find((e) => e.element === 'UTIL-A');
    expect(utilA).toEqual({ element: 'UTIL-A', kind: 'utility', side: 'A', loadMovedKw: 25.5, droppedKw: 0, racksAffected: 3, overloaded: [{ element: 'PDU-B2', kind: 'pdu', loadKw: 30.6, ratingKw: 25, marginKw: -5.6 }] });
  });

  it('capacity --json has the contract keys per rack and row', () => {
    const out = runJson<{ racks: Array<Record<string, unknown>>; rows: Array<Record<string, unknown>> }>(['--db', db, 'capacity', '--room', 'T1/H1']);
    expect(out.racks.map((r) => r['rack'])).toEqual(['R1', 'R2', 'R3']);
    for (const r of out.racks) for (const key of ['rack', 'freeU', 'powerHeadroomKw', 'coolingHeadroomKw', 'binding']) expect(r).toHaveProperty(key);
    expect(out.racks[2]).toMatchObject({ rack: 'R3', freeU: 34, binding: 'power-upstream' });
    expect(out.rows[0]).toMatchObject({ row: 'R', racks: 3 });
  });

  it('import power refuses a file with errors, names line and column, and writes nothing', () => {
    const bad = path.join(dir.dir, 'bad.csv');
    fs.writeFileSync(bad, 'site,name,kind,parent,side,rating_kw\nT1,PDU-C1,pdu,UPS-A,C,30\nT1,PDU-C2,pdu,NOPE,,30\nT1,PDU-C3,pdu,UPS-A,,30 kW\nT1,PDU-C4,pdu,UPS-A,,40\n');
    const run = runFloorwalk(['--db', db, 'import', 'power', bad, '--kind', 'elements', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { committed: boolean; errors: Array<{ row: number; column: string; reason: string }> };
    expect(report.committed).toBe(false);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'side'],
      [3, 'parent'],
      [4, 'rating_kw'],
    ]);
    const chain = runJson<{ loads: Array<{ element: string }> }>(['--db', db, 'power', 'failover', '--room', 'T1/H1']);
    expect(chain.loads.some((l) => l.element === 'PDU-C4')).toBe(false);
  });

  it('a dry run of the fixture reports updates and writes nothing; the feeds file re-imports as updates', () => {
    const dry = runJson<{ created: number; updated: number; committed: boolean }>(['--db', db, 'import', 'power', path.join(POWER_FIXTURES, 'small-chain-elements.csv'), '--kind', 'elements', '--dry-run']);
    expect(dry).toMatchObject({ created: 0, updated: 8, committed: false });
    const feeds = runJson<{ updated: number; committed: boolean }>(['--db', db, 'import', 'power', path.join(POWER_FIXTURES, 'small-chain-feeds.csv'), '--kind', 'feeds']);
    expect(feeds).toMatchObject({ updated: 6, committed: true });
  });

  it('capacity place says why each rack refuses 2 × DGX B200', () => {
    const out = runJson<{ candidates: unknown[]; rejected: Array<{ rack: string; reasons: string[] }> }>(['--db', db, 'capacity', 'place', '--room', 'T1/H1', '--type', 'dgx-b200', '--count', '2']);
    expect(out.candidates).toEqual([]);
    const r3 = out.rejected.find((r) => r.rack === 'R3');
    expect(r3?.reasons.some((x) => x.startsWith('power upstream: PDU-B2'))).toBe(true);
    expect(r3?.reasons.some((x) => x.startsWith('space'))).toBe(false);
  });
});
