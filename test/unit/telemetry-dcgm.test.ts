import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { detectTelemetry, importTelemetry } from '../../app/telemetry/import';
import { parseLabels } from '../../app/telemetry/formats/prometheus';
import { testDb } from '../support/db';
import { gpuValue, readFixture } from '../fixtures/telemetry/load';

let db: Db;
let cleanup: () => void;

beforeEach(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterEach(() => cleanup());

const value = (host: string, slot: number, metric: string, iso: string): number | undefined => gpuValue(db, host, slot, metric, iso);

describe('DCGM exporter, Prometheus text', () => {
  it('reads label variants, DCGM 4.6 names, %f doubles, the mJ counter, XID, sentinels and date lines', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'dcgm-exposition.prom'), name: 'metrics.prom' } }, { actor: 'test' });
    expect(result.format).toBe('dcgm-prometheus');
    expect(result.rows).toBe(19);
    expect(result.readings).toBe(15);
    expect(result.rejected).toBe(1);
    expect(result.errors[0]).toMatchObject({ line: 32, column: 'DCGM_FI_DEV_GPU_TEMP', reason: expect.stringContaining('names no GPU') as string });
    expect(Object.fromEntries(result.skippedBy.map((s) => [s.reason, s.count]))).toEqual({ 'DCGM blank (not supported)': 1, NaN: 1 });
    expect(result.ignoredMetrics).toEqual([{ name: 'go_goroutines', count: 1 }]);
    expect(result.targets).toBe(4);
    expect(result.unmatchedTargets).toBe(1);
    expect(result.unmatched[0]?.label).toContain('GPU-11111111-2222-4333-8444-555555555555 on dub2-dh1-r01-09-n1');

    const host = 'dub2-dh1-r01-01-n1';
    expect(value(host, 0, 'gpu_temp_c', '2026-07-14T08:00:00Z')).toBe(61);
    expect(value(host, 1, 'gpu_power_w', '2026-07-14T08:00:00Z')).toBe(613.345);
    expect(value(host, 0, 'gpu_energy_j', '2026-07-14T08:00:00Z')).toBe(123456789);
    expect(value(host, 1, 'xid_last', '2026-07-14T08:00:00Z')).toBe(79);
    expect(value(host, 1, 'pcie_replay', '2026-07-14T08:00:00Z')).toBeUndefined();
    // After `date` printed 08:05 UTC: lower-case labels and the 4.6 names.
    expect(value(host, 1, 'gpu_temp_c', '2026-07-14T08:05:00Z')).toBe(64);
    expect(value(host, 0, 'gpu_power_w', '2026-07-14T08:05:00Z')).toBe(650.5);
    // A sample's own timestamp wins over the scrape's.
    expect(value(host, 2, 'gpu_temp_c', '2026-07-14T08:06:00Z')).toBe(70);
  });

  it('places a scrape without any time at the file’s modification time, and refuses it without one', async () => {
    const modifiedMs = Date.parse('2026-07-14T09:30:00Z');
    const text = readFixture(db, 'dcgm-notime.prom');
    await expect(importTelemetry(db, { source: { text, name: 'a.prom' } }, { actor: 'test' })).rejects.toThrow(/No usable row.*no time/);
    const result = await importTelemetry(db, { source: { text, name: 'a.prom', modifiedMs } }, { actor: 'test' });
    expect(result.readings).toBe(4);
    expect(result.notes.join(' ')).toContain('modification time');
    expect(value('dub2-dh1-r01-02-n1', 3, 'gpu_temp_c', '2026-07-14T09:30:00Z')).toBe(53);
  });

  it('parses label sets with escapes and refuses broken ones', () => {
    expect(parseLabels('a="1",b="x \\"y\\" \\\\ z",c=""')).toEqual(
      new Map([
        ['a', '1'],
        ['b', 'x "y" \\ z'],
        ['c', ''],
      ]),
    );
    expect(parseLabels('a="1",b=2')).toBeNull();
  });
});

describe('DCGM exporter, flattened CSV', () => {
  it('reads epoch-ms rows with labels as columns, ratios as %, the throttle bitmask and sentinels', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'dcgm-flat.csv'), name: 'dcgm.csv' } }, { actor: 'test' });
    expect(result.format).toBe('dcgm-csv');
    expect(result.rows).toBe(7);
    expect(result.rejected).toBe(0);
    expect(result.readings).toBe(5 * 9 + 8 + 9);
    expect(result.skipped).toBe(1);
    expect(result.unmatched.map((t) => t.label)).toEqual(['GPU 9 on sin1-dh1-r01-01-n1']);
    const host = 'sin1-dh1-r01-01-n1';
    expect(value(host, 1, 'gpu_temp_c', '2026-07-14T08:01:00Z')).toBe(68);
    expect(value(host, 0, 'hbm_temp_c', '2026-07-14T08:02:00Z')).toBeUndefined();
    expect(value(host, 1, 'throttle_thermal', '2026-07-14T08:00:00Z')).toBe(1);
    expect(value(host, 0, 'throttle_thermal', '2026-07-14T08:00:00Z')).toBe(0);
    expect(value(host, 0, 'gr_engine_active_pct', '2026-07-14T08:00:00Z')).toBe(87.5);
    expect(value(host, 0, 'gpu_energy_j', '2026-07-14T08:02:00Z')).toBe(3000);
  });

  it('previews the label and field columns', async () => {
    const preview = await detectTelemetry(db, { source: { text: readFixture(db, 'dcgm-flat.csv'), name: 'dcgm.csv' } });
    expect(preview.format).toBe('dcgm-csv');
    expect(preview.columns.filter((c) => c.use === 'target').map((c) => c.column)).toEqual(['Hostname', 'UUID', 'gpu', 'pci_bus_id', 'modelName']);
    expect(preview.columns.find((c) => c.column === 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION')).toMatchObject({ metric: 'gpu_energy_j', unit: 'J', fromUnit: 'mJ' });
  });
});
