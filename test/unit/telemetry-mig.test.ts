import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { importTelemetry } from '../../app/telemetry/import';
import { testDb } from '../support/db';
import { readFixture } from '../fixtures/telemetry/load';

/** MIG: each GPU instance's samples are stored on a target of its own under its GPU, never first-one-wins. */

let db: Db;
let cleanup: () => void;

beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterAll(() => cleanup());

interface Row {
  label: string;
  kind: string;
  note: string | null;
  metric: string;
  value: number;
}

describe('MIG instances', () => {
  it('stores every instance’s values on its own target under its GPU, and the GPU’s own values on the GPU', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'dcgm-mig.prom'), name: 'mig.prom' } }, { actor: 'test' });
    expect(result.readings).toBe(7);
    expect(result.duplicates).toBe(0);
    expect(result.ledger).toMatchObject({ cellsRead: 7, readings: 7, collapsed: [], balanced: true });
    expect(result.targets).toBe(4);
    expect(result.unmatchedTargets).toBe(0);
    expect(result.notes.join(' ')).toMatch(/3 MIG instances stored per instance, each a target under its GPU/);
    const rows = db
      .prepare(
        `SELECT t.label, t.kind, t.note, m.name AS metric, r.value FROM telemetry_readings r JOIN telemetry_targets t ON t.id = r.target_id
         JOIN telemetry_metrics m ON m.id = r.metric_id ORDER BY t.label, m.name`,
      )
      .all() as Row[];
    const gpu = rows.find((r) => r.kind === 'accelerator');
    expect(gpu).toMatchObject({ metric: 'gpu_temp_c', value: 57 });
    const instances = rows.filter((r) => r.kind !== 'accelerator');
    expect(instances.map((r) => [r.label.replace(/ of .*$/, ''), r.metric, Math.round(r.value * 10) / 10])).toEqual([
      ['MIG 1g.10gb instance 13', 'gr_engine_active_pct', 0],
      ['MIG 1g.10gb instance 13', 'mem_used_mib', 4096],
      ['MIG 2g.20gb instance 5', 'gr_engine_active_pct', 25],
      ['MIG 2g.20gb instance 5', 'mem_used_mib', 9216],
      ['MIG 3g.40gb instance 1', 'gr_engine_active_pct', 91.2],
      ['MIG 3g.40gb instance 1', 'mem_used_mib', 20480],
    ]);
    for (const row of instances) {
      expect(row.label).toContain(`of ${gpu?.label ?? '?'}`);
      expect(row.note).toMatch(/^a MIG instance of .*: its readings are kept per instance, apart from the GPU's$/);
    }
  });

  it('imports the same file again as duplicates of each instance, still nothing folded', async () => {
    const again = await importTelemetry(db, { source: { text: readFixture(db, 'dcgm-mig.prom'), name: 'mig.prom' } }, { actor: 'test' });
    expect(again).toMatchObject({ readings: 0, duplicates: 7 });
    expect(again.targets).toBe(4);
  });
});
