import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { placement } from '../../app/capacity/placement';
import { nvl72Elevation } from '../../app/capacity/rack-scale';
import { NVL72_DEMO_HALL, NVL72_DEMO_MIN_ACCELERATORS } from '../../app/demo/nvl72-hall';
import { testDb } from '../support/db';

let db: Db;
let cleanup: () => void;
beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: NVL72_DEMO_MIN_ACCELERATORS, seed: 4 }));
});
afterAll(() => cleanup());

describe('what-if of a GB200 NVL72 is the catalog’s NVL72', () => {
  const hall = (): number => db.prepare('SELECT id FROM rooms WHERE name = ?').pluck().get(NVL72_DEMO_HALL) as number;

  it('its power is the sum of its catalog parts’ nameplate, and a commit would write exactly those parts', () => {
    const result = placement(db, { roomId: hall(), type: 'gb200-nvl72', count: 1 });
    const parts = db.prepare("SELECT slug, max_power_w AS w FROM device_types WHERE slug LIKE 'nvidia-gb200-nvl72-%'").all() as Array<{ slug: string; w: number }>;
    const w = new Map(parts.map((p) => [p.slug, p.w]));
    const elevation = nvl72Elevation();
    expect(result.profile.kwTotal).toBeCloseTo(elevation.reduce((s, p) => s + (w.get(p.slug) ?? Number.NaN), 0) / 1000, 6);
    expect(result.profile.kwTotal).toBeCloseTo((18 * 6200 + 9 * 1300) / 1000, 6);
    expect(result.profile.parts.map((p) => [p.u, p.role])).toEqual(elevation.map((p) => [p.u, p.role]));
    expect(result.profile.label).toContain('18 compute trays, 9 NVLink switch trays, 8 power shelves');
  });

  it('the demo’s NVL72 racks are built from the same elevation, so a full one refuses another for space', () => {
    const rack = db.prepare('SELECT id, name FROM racks WHERE room_id = ? ORDER BY name LIMIT 1').get(hall()) as { id: number; name: string };
    const mounted = db.prepare('SELECT t.slug, d.u_position AS u FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.rack_id = ? ORDER BY d.u_position').all(rack.id) as Array<{ slug: string; u: number }>;
    expect(mounted).toEqual(nvl72Elevation().map((p) => ({ slug: p.slug, u: p.u })));
    const rejected = placement(db, { roomId: hall(), type: 'gb200-nvl72', count: 1 }).rejected.find((r) => r.rack === rack.name);
    expect(rejected?.reasons.some((r) => r.startsWith('space: a rack-scale system needs an empty position; 35 device(s)'))).toBe(true);
  });

  it('refuses an air or rear-door rack for cooling, whatever its space', () => {
    const air = db.prepare("SELECT r.room_id AS roomId, r.name FROM racks r WHERE r.cooling = 'rdhx' LIMIT 1").get() as { roomId: number; name: string };
    const rejected = placement(db, { roomId: air.roomId, type: 'gb200-nvl72', count: 1 }).rejected.find((r) => r.rack === air.name);
    expect(rejected?.reasons).toContain('cooling: needs direct liquid cooling; the rack is rdhx');
  });
});
