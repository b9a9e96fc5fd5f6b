import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { detectTelemetry, importTelemetry } from '../../app/telemetry/import';
import { testDb } from '../support/db';
import { materialise, readFixture } from '../fixtures/telemetry/load';

let db: Db;
let file: string;
let cleanup: () => void;

beforeEach(() => {
  ({ db, file, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterEach(() => cleanup());

/** Every stored reading as "target label|metric|ISO time" → value (rounded), for comparing paths. */
function stored(): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT t.label, t.kind, m.name, r.ts, r.value FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id JOIN telemetry_targets t ON t.id = r.target_id`,
    )
    .all() as Array<{ label: string; kind: string; name: string; ts: number; value: number }>;
  return new Map(rows.map((r) => [`${r.kind}:${r.label}|${r.name}|${new Date(r.ts).toISOString()}`, Math.round(r.value * 1000) / 1000]));
}

function valueOf(readings: Map<string, number>, labelPart: string, metric: string, iso: string): number | undefined {
  for (const [key, value] of readings) {
    const [target, name, at] = key.split('|');
    if (target?.includes(labelPart) && name === metric && at === iso) return value;
  }
  return undefined;
}

describe('long format', () => {
  it('reads every kind of target, metric alias, unit and time form, and rejects, skips and dedupes row by row', async () => {
    const result = await importTelemetry(db, { source: { path: materialise(db, 'long.csv', path.dirname(file)) } }, { actor: 'test' });
    expect(result.format).toBe('long');
    expect(result.rows).toBe(25);
    expect(result.readings).toBe(17);
    expect(result.duplicates).toBe(1);
    expect(result.skippedBy.map((s) => s.reason).sort()).toEqual(['N/A', 'sentinel -3276.8']);
    expect(result.errors).toEqual([
      { line: 18, column: 'metric', reason: '"fan_noise_db" is not a metric Floorwalk knows (see the vocabulary)' },
      { line: 19, column: 'value', reason: '"hot" is not a number' },
      { line: 20, column: 'unit', reason: 'W is not a unit of inlet_temp_c (C)' },
      { line: 22, column: 'timestamp', reason: '"yesterday" is not a date and time Floorwalk can read' },
      { line: 27, column: 'unit', reason: expect.stringContaining('the last line is cut short (4 of 5 fields)') as string },
    ]);
    expect(result.targets).toBe(15);
    expect(result.unmatched).toEqual([{ key: 'any:r01-01', label: 'R01-01', note: expect.stringMatching(/^4 places have a R01-01/) as string }]);

    const readings = stored();
    const at = '2026-07-14T08:00:00.000Z';
    expect(valueOf(readings, 'phx1-dh1-r01-01-n1 slot 1', 'gpu_power_w', at)).toBe(612.5);
    expect(valueOf(readings, 'phx1-dh1-r01-01-n1 slot 2', 'gpu_temp_c', at)).toBe(70);
    expect(valueOf(readings, 'device:phx1-dh1-r01-01-pdu-a', 'rack_power_w', at)).toBe(17500);
    expect(valueOf(readings, 'rack:PHX1/DH1/R01-01', 'inlet_temp_c', at)).toBe(24);
    expect(valueOf(readings, 'rack:PHX1/DH1/R01-02', 'inlet_temp_c', at)).toBe(24);
    expect(valueOf(readings, 'sensor:PHX1/DH1/R01-01-INLET', 'humidity_pct', at)).toBe(45);
    expect(valueOf(readings, 'sensor:PHX1/DH1/R01-01-OUTLET', 'outlet_temp_c', at)).toBe(38.5);
    expect(valueOf(readings, 'cooling_unit:SIN1/DH1/CDU-R01', 'coolant_flow_lpm', at)).toBe(450.085);
    expect(valueOf(readings, 'cooling_unit:DUB2/DH1/CDU-R01', 'coolant_pressure_kpa', at)).toBe(120);
    expect(valueOf(readings, 'rack:PHX1/DH1/R01-03', 'delta_t_k', at)).toBe(15);
    expect(valueOf(readings, 'rack:PHX1/DH1/R01-04', 'inlet_temp_c', at)).toBe(23);
    expect(valueOf(readings, 'rack:PHX1/DH1/R01-04', 'inlet_temp_c', '2026-07-14T08:01:00.000Z')).toBe(23.5);
    expect(valueOf(readings, 'rack:PHX1/DH1/R01-04', 'inlet_temp_c', '2026-07-14T08:02:00.000Z')).toBe(24);
    expect(valueOf(readings, 'rack:PHX1/DH1/R01-05', 'inlet_temp_c', '2026-07-14T08:03:00.000Z')).toBe(24.5);
    expect(valueOf(readings, 'rack:PHX1/DH1/R01-06', 'leak', at)).toBe(1);
    expect(valueOf(readings, 'unmatched:R01-01', 'inlet_temp_c', at)).toBe(22);
  });

  it('reads an Excel re-save (BOM, sep=;, decimal commas, dd.mm.yyyy) to the same readings as the plain file', async () => {
    const result = await importTelemetry(db, { source: { path: materialise(db, 'long-excel.csv', path.dirname(file)) } }, { actor: 'test' });
    expect(result.rows).toBe(8);
    expect(result.rejected).toBe(1);
    expect(result.errors[0]).toEqual({ line: 10, column: 'Value', reason: '"hot" is not a number' });
    const excel = stored();
    cleanup();
    ({ db, file, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
    await importTelemetry(db, { source: { path: materialise(db, 'long.csv', path.dirname(file)) } }, { actor: 'test' });
    const plain = stored();
    expect(excel.size).toBe(7);
    for (const [key, value] of excel) expect([key, plain.get(key)]).toEqual([key, value]);
  });

  it('gives the same result for uploaded text as for the file (the byte fast path and the text path agree)', async () => {
    const text = readFixture(db, 'long.csv');
    const fromText = await importTelemetry(db, { source: { text: text.replace(/\n/g, '\r\n'), name: 'long.csv' } }, { actor: 'test' });
    const viaText = stored();
    cleanup();
    ({ db, file, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
    const fromFile = await importTelemetry(db, { source: { path: materialise(db, 'long.csv', path.dirname(file)) } }, { actor: 'test' });
    expect([fromText.rows, fromText.readings, fromText.rejected, fromText.skipped]).toEqual([fromFile.rows, fromFile.readings, fromFile.rejected, fromFile.skipped]);
    expect(viaText).toEqual(stored());
  });

  it('previews the role of each column and the metric names met in the sample', async () => {
    const preview = await detectTelemetry(db, { source: { text: readFixture(db, 'long.csv'), name: 'long.csv' } });
    expect(preview.columns.slice(0, 5).map((c) => c.use)).toEqual(['timestamp', 'target', 'metric-name', 'value', 'unit']);
    expect(preview.columns.find((c) => c.column === 'power.draw')).toMatchObject({ use: 'metric', metric: 'gpu_power_w', unit: 'W' });
    expect(preview.columns.find((c) => c.column === 'fan_noise_db')?.use).toBe('ignored');
    expect(preview.sampleErrors.length).toBe(5);
  });
});
