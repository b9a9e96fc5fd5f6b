import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { search, SEARCH_SOURCES_FOR_TEST } from '../../app/inventory/search';
import { testDb } from '../support/db';

let db: Db;
let cleanup: () => void;
beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800 }));
});
afterAll(() => cleanup());

describe('search', () => {
  it('every source is an index range scan, never a table scan', () => {
    for (const source of SEARCH_SOURCES_FOR_TEST) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${source.sql}`).all({ lo: 'a', hi: 'b', limit: 5 }) as Array<{ detail: string }>).map((r) => r.detail);
      const first = plan[0] ?? '';
      expect(first, `${source.kind}.${source.field}: ${plan.join(' | ')}`).toMatch(/SEARCH .* USING (COVERING )?INDEX .*\(.*[<>]/);
      expect(plan.join(' | ')).not.toMatch(/^SCAN /m);
    }
  });

  it('finds a GPU by exact serial with its full path, exact hits first', () => {
    const gpu = db
      .prepare('SELECT a.serial, a.slot, d.u_position AS u, r.name AS rack FROM accelerators a JOIN devices d ON d.id = a.device_id JOIN racks r ON r.id = d.rack_id WHERE a.id = 17')
      .get() as { serial: string; slot: number; u: number; rack: string };
    const hits = search(db, gpu.serial);
    expect(hits[0]).toMatchObject({ kind: 'accelerator', field: 'serial', exact: true });
    expect(hits[0]?.path).toMatch(new RegExp(`^[A-Z0-9]+ / DH\\d+ / ${gpu.rack} / U${gpu.u} / slot ${gpu.slot}$`));
  });

  it('matches prefixes, case-insensitively, and UUIDs typed without GPU-', () => {
    const uuid = db.prepare('SELECT uuid FROM accelerators WHERE id = 5').pluck().get() as string;
    const bare = uuid.slice(4, 14).toUpperCase();
    const hits = search(db, bare);
    expect(hits.some((h) => h.kind === 'accelerator' && h.field === 'uuid' && h.label.startsWith(uuid))).toBe(true);
    const hostname = db.prepare("SELECT hostname FROM devices WHERE role = 'gpu-node' LIMIT 1").pluck().get() as string;
    expect(search(db, hostname.toUpperCase().slice(0, 10)).every((h) => h.label.toLowerCase().startsWith(hostname.slice(0, 10)))).toBe(true);
  });

  it('finds racks by name and asset tag, devices by asset tag, sites by code', () => {
    expect(search(db, 'R01-01').some((h) => h.kind === 'rack')).toBe(true);
    const tag = db.prepare('SELECT asset_tag FROM racks LIMIT 1').pluck().get() as string;
    expect(search(db, tag)[0]).toMatchObject({ kind: 'rack', exact: true });
    const deviceTag = db.prepare('SELECT asset_tag FROM devices WHERE id = 3').pluck().get() as string;
    expect(search(db, deviceTag)[0]).toMatchObject({ kind: 'device', id: 3, exact: true });
    expect(search(db, 'phx1')[0]).toMatchObject({ kind: 'site' });
  });

  it('returns nothing for blank input and honours the limit', () => {
    expect(search(db, '   ')).toEqual([]);
    expect(search(db, '1', 5)).toHaveLength(5);
  });
});
