import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { SITE_ELEMENTS_SQL } from '../../app/power/chain';
import { GPU_POWER_SQL, PDU_POWER_SQL, RACK_POWER_SQL } from '../../app/power/loads';
import { SITE_DEVICES_SQL, SITE_RACKS_SQL, loadSiteData } from '../../app/power/site';
import { roomPower } from '../../app/power/failover';
import { capacityReport } from '../../app/capacity/report';
import { testDb } from '../support/db';

let db: Db;
let cleanup: () => void;
beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 2_000, seed: 5 }));
  db.exec('ANALYZE');
});
afterAll(() => cleanup());

function plan(sql: string, params: unknown[]): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((p) => p.detail);
}

/**
 * The capacity and failover figures of a hall read a whole site in a handful of statements; each must
 * reach its rows through an index (a SCAN of racks, devices, feeds or elements would read every site's).
 */
describe('capacity and power chain queries', () => {
  const siteId = (): number => db.prepare('SELECT id FROM sites ORDER BY id LIMIT 1').pluck().get() as number;

  it.each([
    ['site racks with feeds and limits', SITE_RACKS_SQL, 1],
    ['site devices', SITE_DEVICES_SQL, 1],
    ['site chain elements', SITE_ELEMENTS_SQL, 1],
    ['PDU power readings', PDU_POWER_SQL, 2],
    ['rack power readings', RACK_POWER_SQL, 2],
    ['GPU power readings', GPU_POWER_SQL, 2],
  ])('%s: every table is searched through an index, none scanned', (_label, sql, arity) => {
    const details = plan(sql, arity === 1 ? [siteId()] : [1, siteId()]);
    expect(details.length).toBeGreaterThan(0);
    expect(details.filter((d) => d.startsWith('SCAN'))).toEqual([]);
    expect(details.some((d) => d.startsWith('SEARCH'))).toBe(true);
  });

  it('the feeds come from their primary key, one lookup per side, not a scan of power_feeds', () => {
    const details = plan(SITE_RACKS_SQL, [siteId()]);
    expect(details.filter((d) => / (fa|fb) /.test(d)).every((d) => d.includes('PRIMARY KEY'))).toBe(true);
    expect(details.filter((d) => / (fa|fb) /.test(d))).toHaveLength(2);
  });

  it('reads each rack once with both feeds and each device once', () => {
    const site = siteId();
    const data = loadSiteData(db, site);
    const racks = db.prepare('SELECT count(*) FROM racks r JOIN rooms rm ON rm.id = r.room_id WHERE rm.site_id = ?').pluck().get(site) as number;
    const devices = db.prepare('SELECT count(*) FROM devices d JOIN racks r ON r.id = d.rack_id JOIN rooms rm ON rm.id = r.room_id WHERE rm.site_id = ?').pluck().get(site) as number;
    const feeds = db.prepare('SELECT count(*) FROM power_feeds f JOIN racks r ON r.id = f.rack_id JOIN rooms rm ON rm.id = r.room_id WHERE rm.site_id = ?').pluck().get(site) as number;
    expect(data.racks).toHaveLength(racks);
    expect(data.devices.count).toBe(devices);
    expect(data.racks.reduce((n, r) => n + (r.feeds.A ? 1 : 0) + (r.feeds.B ? 1 : 0), 0)).toBe(feeds);
    expect(feeds).toBeGreaterThan(0);
  });

  it('the rack order is row then rack name, as the room views list them', () => {
    const room = db.prepare('SELECT id FROM rooms ORDER BY id LIMIT 1').pluck().get() as number;
    const expected = db
      .prepare('SELECT r.name FROM racks r LEFT JOIN rack_rows rr ON rr.id = r.row_id WHERE r.room_id = ? ORDER BY rr.name, r.name')
      .pluck()
      .all(room) as string[];
    expect(roomPower(db, room).racks.map((r) => r.name)).toEqual(expected);
    expect(capacityReport(db, room).racks.map((r) => r.rack)).toEqual(expected);
  });
});
