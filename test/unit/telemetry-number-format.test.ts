import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { importTelemetry } from '../../app/telemetry/import';
import { parseNumberText, type NumberOut } from '../../app/telemetry/map/values';
import { testDb } from '../support/db';
import { readFixture } from '../fixtures/telemetry/load';

/** A ";" file is not always a decimal-comma file: US tools write "152,384.7" beside dotted decimals. */

let db: Db;
let cleanup: () => void;

beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterAll(() => cleanup());

describe('number formats', () => {
  it('reads a value that carries both marks by its last mark, in any file', () => {
    const out: NumberOut = { value: 0, unit: '' };
    const read = (text: string, decimalComma: boolean): number | null => (parseNumberText(text, decimalComma, out) ? out.value : null);
    expect(read('152,384.7', true)).toBe(152384.7);
    expect(read('152,384.7', false)).toBe(152384.7);
    expect(read('152.384,7', false)).toBe(152384.7);
    expect(read('1,204,331.25 kWh', true)).toBe(1204331.25);
    expect(read('1.2,3', true)).toBeNull();
  });

  it('imports a ";" rack export with US thousands separators at their real values', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'rack-env-semicolon-us.csv'), name: 'us.csv' } }, { actor: 'test' });
    expect(result).toMatchObject({ format: 'rack-env', rejected: 0, readings: 6 });
    const values = (metric: string): number[] =>
      db.prepare('SELECT r.value FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id WHERE m.name = ? ORDER BY r.ts').pluck().all(metric) as number[];
    expect(values('rack_power_w')).toEqual([152384.7, 151902]);
    expect(values('rack_energy_kwh')).toEqual([1204331.25, 1204344]);
    expect(values('inlet_temp_c')).toEqual([24.5, 24.7]);
  });
});
