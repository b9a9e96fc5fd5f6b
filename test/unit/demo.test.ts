import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { checkIntegrity } from '../../app/db/maintenance';
import { generateDemo } from '../../app/demo/generate';
import { HGX_PCI_BUSES } from '../../app/demo/plan';
import { testDb } from '../support/db';

let db: Db;
let cleanup: () => void;
beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 2_000, seed: 11 }));
});
afterAll(() => cleanup());

describe('demo operator', () => {
  it('writes exactly the accelerators asked for, in several sites and time zones', () => {
    expect(db.prepare('SELECT count(*) FROM accelerators').pluck().get()).toBe(2_000);
    const zones = db.prepare('SELECT DISTINCT timezone FROM sites').pluck().all();
    expect(zones.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps every inventory rule: the integrity check is clean', () => {
    expect(checkIntegrity(db)).toMatchObject({ ok: true, problems: [] });
  });

  it('gives each 8-GPU server the real HGX bus ids, one per slot, and GPU-prefixed UUIDs', () => {
    const rows = db.prepare('SELECT slot, pci_bus_id AS bus, uuid FROM accelerators WHERE device_id = (SELECT min(device_id) FROM accelerators) ORDER BY slot').all() as Array<{
      slot: number;
      bus: string;
      uuid: string;
    }>;
    expect(rows.map((r) => r.bus)).toEqual(HGX_PCI_BUSES.map((b) => `00000000:${b}:00.0`));
    for (const row of rows) expect(row.uuid).toMatch(/^GPU-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('lays halls out as hot/cold aisle pairs: facing rows alternate and liquid rows have a CDU and loop', () => {
    const facings = db.prepare("SELECT DISTINCT rr.name, r.facing FROM racks r JOIN rack_rows rr ON rr.id = r.row_id WHERE r.room_id = 1 ORDER BY rr.name").all() as Array<{ name: string; facing: string }>;
    expect(facings[0]?.facing).toBe('S');
    if (facings[1]) expect(facings[1].facing).toBe('N');
    const dlc = db.prepare("SELECT count(*) FROM racks WHERE cooling IN ('dlc','rdhx') AND loop_id IS NULL").pluck().get();
    expect(dlc).toBe(0);
    expect(db.prepare("SELECT count(*) FROM cooling_units WHERE kind = 'CDU'").pluck().get()).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and different for another', () => {
    const again = testDb({ demoAccelerators: 2_000, seed: 11 });
    const other = testDb({ demoAccelerators: 2_000, seed: 12 });
    const sample = (d: Db): unknown => d.prepare('SELECT serial, uuid FROM accelerators ORDER BY id LIMIT 20').all();
    expect(sample(again.db)).toEqual(sample(db));
    expect(sample(other.db)).not.toEqual(sample(db));
    again.cleanup();
    other.cleanup();
  });

  it('refuses to write into a database that already has an inventory', () => {
    expect(() => generateDemo(db, { accelerators: 8, seed: 1 })).toThrow(/already holds an inventory/);
  });

  it('refuses a nonsense size', () => {
    const empty = testDb();
    expect(() => generateDemo(empty.db, { accelerators: 3, seed: 1 })).toThrow(/whole number/);
    empty.cleanup();
  });
});
