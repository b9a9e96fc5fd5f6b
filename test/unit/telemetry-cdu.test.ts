import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { detectTelemetry, importTelemetry } from '../../app/telemetry/import';
import { testDb } from '../support/db';
import { readFixture } from '../fixtures/telemetry/load';

let db: Db;
let cleanup: () => void;

beforeEach(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterEach(() => cleanup());

function latest(label: string): Record<string, number> {
  const rows = db
    .prepare(
      `SELECT m.name, l.value FROM telemetry_latest l JOIN telemetry_metrics m ON m.id = l.metric_id JOIN telemetry_targets t ON t.id = l.target_id WHERE t.label = ?`,
    )
    .all(label) as Array<{ name: string; value: number }>;
  return Object.fromEntries(rows.map((r) => [r.name, Math.round(r.value * 100) / 100]));
}

function count(label: string, metric: string): number {
  return db
    .prepare(
      `SELECT count(*) FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id JOIN telemetry_targets t ON t.id = r.target_id WHERE t.label = ? AND m.name = ?`,
    )
    .pluck()
    .get(label, metric) as number;
}

describe('CDU / liquid-loop exports', () => {
  it('reads Redfish property names, the ISO offset, a leak state word and skips a Modbus sentinel', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'cdu-redfish.csv'), name: 'cdu.csv' }, room: 'DUB2/DH1' }, { actor: 'test' });
    expect(result.format).toBe('cdu');
    expect(result.rows).toBe(4);
    expect(result.rejected).toBe(0);
    expect(result.skippedBy).toEqual([{ reason: 'sentinel -3276.8', count: 1 }]);
    expect(result.readings).toBe(4 * 10 - 1);
    expect(result.unmatchedTargets).toBe(0);
    expect(result.lastAt).toBe('2026-07-14T12:00:00.000Z');
    expect(latest('DUB2/DH1/CDU-R01')).toEqual({
      coolant_supply_c: 30.1,
      coolant_return_c: 40.5,
      coolant_delta_t_k: 10.1,
      coolant_flow_lpm: 180.5,
      coolant_supply_pressure_kpa: 310.2,
      coolant_return_pressure_kpa: 230,
      coolant_pressure_kpa: 80.2,
      heat_removed_kw: 312.5,
      pump_speed_pct: 68,
      leak: 1,
    });
    expect(count('DUB2/DH1/CDU-R01', 'coolant_return_c')).toBe(3);
  });

  it('keeps a CDU name that several halls share unmatched, with a note saying how to qualify it', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'cdu-redfish.csv'), name: 'cdu.csv' } }, { actor: 'test' });
    expect(result.unmatchedTargets).toBe(1);
    expect(result.unmatched[0]?.label).toBe('CDU-R01');
    expect(result.unmatched[0]?.note).toMatch(/^3 places have a CDU-R01: DUB2\/DH1, PHX1\/DH1, SIN1\/DH1; give the site and room/);
    expect(result.readings).toBe(39);
  });

  it('converts gal/min, psi, bar and °F, and skips sentinels where they are implausible', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'cdu-gpm-psi.csv'), name: 'cdu-us.csv' } }, { actor: 'test' });
    expect(result.rows).toBe(3);
    expect(result.skippedBy.map((s) => s.reason).sort()).toEqual(['sentinel -3276.8', 'sentinel 65535']);
    const flows = db
      .prepare(`SELECT r.ts, r.value FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id WHERE m.name = 'coolant_flow_lpm' ORDER BY r.ts`)
      .all() as Array<{ ts: number; value: number }>;
    expect(flows.map((f) => [new Date(f.ts).toISOString(), Math.round(f.value * 100) / 100])).toEqual([
      ['2026-07-14T08:00:00.000Z', 450.09],
      ['2026-07-14T08:02:00.000Z', 190.03],
    ]);
    expect(latest('SIN1/DH1/CDU-R01')).toMatchObject({
      coolant_supply_c: 30,
      coolant_return_c: 40,
      coolant_supply_pressure_kpa: 348.19,
      coolant_return_pressure_kpa: 250,
      coolant_pressure_kpa: 95,
      pump_speed_pct: 99,
      leak: 1,
      heat_removed_kw: 180,
    });
  });

  it('previews Redfish columns with the unit spelled into the name', async () => {
    const preview = await detectTelemetry(db, { source: { text: readFixture(db, 'cdu-redfish.csv'), name: 'cdu.csv' }, room: 'DUB2/DH1' });
    expect(preview.format).toBe('cdu');
    expect(preview.columns.find((c) => c.column === 'FlowLitersPerMinute')).toMatchObject({ metric: 'coolant_flow_lpm', unit: 'L/min', fromUnit: 'LitersPerMinute' });
    expect(preview.columns.find((c) => c.column === '@odata.id')).toMatchObject({ use: 'target', note: 'cooling_unit' });
    expect(preview.sampleUnmatched).toBe(0);
  });
});
