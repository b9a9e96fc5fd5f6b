import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { detectTelemetry, importTelemetry } from '../../app/telemetry/import';
import { parseColumnOverrides } from '../../app/telemetry/map/overrides';
import { testDb } from '../support/db';

/** Corrections of the column map (`--map 'COLUMN=ROLE[:UNIT]'`): one plan applies them as it applies detection. */

let db: Db;
let cleanup: () => void;
let rack: { site: string; room: string; name: string };
let gpu: { uuid: string };

beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 5 }));
  rack = db.prepare('SELECT s.code AS site, rm.name AS room, r.name FROM racks r JOIN rooms rm ON rm.id = r.room_id JOIN sites s ON s.id = rm.site_id ORDER BY r.id LIMIT 1').get() as typeof rack;
  gpu = db.prepare('SELECT uuid FROM accelerators ORDER BY id LIMIT 1').get() as typeof gpu;
});
afterAll(() => cleanup());

function rackFile(): string {
  // "Kanal 1" is a column detection cannot place (no quantity in its name); it holds °F.
  return [
    'Site,Room,Cabinet,Timestamp,Kanal 1,Power (kW)',
    `${rack.site},${rack.room},${rack.name},2026-07-14T08:00:00Z,77.0,31.5`,
    `${rack.site},${rack.room},${rack.name},2026-07-14T08:01:00Z,78.8,31.7`,
  ].join('\n');
}

const stored = (metric: string): number[] =>
  db
    .prepare('SELECT r.value FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id WHERE m.name = ? ORDER BY r.ts')
    .pluck()
    .all(metric) as number[];

describe('column map corrections', () => {
  it('detection alone ignores the column it cannot place, and says so in the map and the ledger', async () => {
    const detected = await detectTelemetry(db, { source: { text: rackFile(), name: 'kanal.csv' } });
    expect(detected.columns.find((c) => c.column === 'Kanal 1')).toMatchObject({ use: 'ignored' });
    const result = await importTelemetry(db, { source: { text: rackFile(), name: 'probe-plain.csv' } }, { actor: 'test' });
    expect(result.ledger.ignored).toEqual([{ column: 'Kanal 1', reason: 'not a quantity Floorwalk knows', count: 2 }]);
    expect(stored('inlet_temp_c')).toEqual([]);
  });

  it('a correction makes the column an inlet temperature in °F, converted to °C, and the ledger follows', async () => {
    const options = { source: { text: rackFile(), name: 'probe-mapped.csv' }, map: ['Kanal 1=inlet_temp_c:F'] };
    const detected = await detectTelemetry(db, options);
    expect(detected.columns.find((c) => c.column === 'Kanal 1')).toMatchObject({ use: 'metric', metric: 'inlet_temp_c', note: 'set by the map correction' });
    const result = await importTelemetry(db, options, { actor: 'test' });
    expect(stored('inlet_temp_c')).toEqual([25, 26]);
    expect(result.ledger).toMatchObject({ cellsRead: 4, readings: 4, ignored: [], balanced: true });
  });

  it('ignore drops a column with a reason in the ledger, never silently', async () => {
    const before = stored('rack_power_kw').length;
    const result = await importTelemetry(db, { source: { text: rackFile(), name: 'probe-nopower.csv' }, map: ['Power (kW)=ignore', 'Kanal 1=ignore'] }, { actor: 'test' }).catch((e: unknown) => e);
    // Nothing is left to read: the file is refused with the reason, and nothing is written.
    expect(String(result)).toMatch(/does not recognise this file.*the column map leaves nothing to read/);
    expect(stored('rack_power_kw').length).toBe(before);
  });

  it('corrects an nvidia-smi column', async () => {
    const text = ['timestamp, uuid, temperature.gpu, power.draw [W]', `2026/07/14 09:00:00.000, ${gpu.uuid}, 61, 600`].join('\n');
    const result = await importTelemetry(db, { source: { text: `${text}\n`, name: 'smi.csv' }, map: ['temperature.gpu=ignore'] }, { actor: 'test' });
    expect(result.ledger.ignored).toEqual([{ column: 'temperature.gpu', reason: 'ignored by the map correction', count: 1 }]);
    expect(result.readings).toBe(1);
  });

  it('refuses a correction it cannot apply, naming what would work', async () => {
    expect(() => parseColumnOverrides(['Kanal 1'])).toThrow(/COLUMN=ROLE/);
    expect(() => parseColumnOverrides(['Kanal 1=warmth'])).toThrow(/not a role.*inlet|not a role/);
    expect(() => parseColumnOverrides(['Kanal 1=inlet_temp_c:kPa'])).toThrow(/kPa is not a unit of inlet_temp_c/);
    expect(() => parseColumnOverrides(['Kanal 1=rack:F'])).toThrow(/a unit applies to a metric/);
    expect(() => parseColumnOverrides(['A=ignore', 'A=rack'])).toThrow(/corrected twice/);
    await expect(importTelemetry(db, { source: { text: rackFile(), name: 'typo.csv' }, map: ['Kanal 2=inlet_temp_c'] }, { actor: 'test' })).rejects.toThrow(
      /does not have; its columns are: Site, Room, Cabinet, Timestamp, Kanal 1, Power \(kW\)/,
    );
    await expect(importTelemetry(db, { source: { text: rackFile(), name: 'long.csv' }, format: 'long', map: ['Kanal 1=ignore'] }, { actor: 'test' })).rejects.toThrow(/column formats/);
  });

  it('a file detection cannot place is refused with the line, its shape and the nearest format; the map then reads it', async () => {
    const text = ['Timestamp;Fühler;Wert', `2026-07-14T09:00:00Z;${rack.site}/${rack.room}/${rack.name};24,5`].join('\n');
    const refused = importTelemetry(db, { source: { text, name: 'fuehler.csv' } }, { actor: 'test' });
    await expect(refused).rejects.toThrow(/line 1 has 3 fields split by ";": "Timestamp;Fühler;Wert".*nearest: a rack\/PDU export — it has a time column \(Timestamp\)/);
    const result = await importTelemetry(db, { source: { text, name: 'fuehler.csv' }, format: 'rack-env', map: ['Fühler=rack', 'Wert=inlet_temp_c'] }, { actor: 'test' });
    expect(result).toMatchObject({ readings: 1, unmatchedTargets: 0 });
    expect(stored('inlet_temp_c')).toContain(24.5);
  });
});
