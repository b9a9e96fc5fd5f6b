import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { detectTelemetry, importTelemetry } from '../../app/telemetry/import';
import { testDb } from '../support/db';
import { readFixture } from '../fixtures/telemetry/load';

/**
 * Grafana CSV downloads of DCGM panels in the three layouts Grafana has written (series joined by time,
 * the table layout with __name__ and label columns, and the pre-7 "Series;Time;Value" rows). Fixtures
 * follow Grafana's documented and reported export shapes (grafana/grafana #4041, #24600).
 */

let db: Db;
let cleanup: () => void;

beforeEach(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterEach(() => cleanup());

const readings = (metric: string): Array<{ at: string; value: number; uuid: string | null }> =>
  (
    db
      .prepare(
        `SELECT r.ts, r.value, a.uuid FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id JOIN telemetry_targets t ON t.id = r.target_id
         LEFT JOIN accelerators a ON t.kind = 'accelerator' AND a.id = t.entity_id WHERE m.name = ? ORDER BY r.ts, a.uuid`,
      )
      .all(metric) as Array<{ ts: number; value: number; uuid: string | null }>
  ).map((r) => ({ at: new Date(r.ts).toISOString(), value: r.value, uuid: r.uuid }));

const uuid = (slot: number): string => db.prepare("SELECT a.uuid FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE d.hostname = 'phx1-dh1-r01-01-n1' AND a.slot = ?").pluck().get(slot) as string;

describe('Grafana panel CSV', () => {
  it('series joined by time: one column per series, units in the values, browser-local times, gaps as empty cells', async () => {
    const text = readFixture(db, 'grafana-joined.csv');
    const preview = await detectTelemetry(db, { source: { text, name: 'panel.csv' } });
    expect(preview.format).toBe('grafana');
    expect(preview.columns.map((c) => [c.use, c.metric])).toEqual([
      ['timestamp', null],
      ['metric', 'gpu_temp_c'],
      ['metric', 'gpu_temp_c'],
      ['metric', 'gpu_power_w'],
      ['ignored', null],
    ]);
    const result = await importTelemetry(db, { source: { text, name: 'panel.csv' } }, { actor: 'test' });
    expect(result).toMatchObject({ format: 'grafana', readings: 7, rejected: 0, unmatchedTargets: 0 });
    expect(result.ledger).toMatchObject({ cellsRead: 12, readings: 7, balanced: true });
    expect(result.ledger.skipped).toEqual([{ reason: 'empty cell', count: 2 }]);
    expect(result.ledger.ignored.map((c) => c.count)).toEqual([3]);
    // 01:00 in Phoenix (UTC−7, no DST) is 08:00 UTC.
    const first = readings('gpu_temp_c').filter((r) => r.at === '2026-07-14T08:00:00.000Z');
    expect(first.map((r) => [r.uuid, r.value]).sort()).toEqual([
      [uuid(0), 55],
      [uuid(1), 56],
    ].sort());
    expect(readings('gpu_power_w').map((r) => r.value)).toEqual([612, 613.25]);
  });

  it('table layout: __name__, label columns and Value, epoch ms; a family outside the vocabulary is ignored with its name', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'grafana-table.csv'), name: 'table.csv' } }, { actor: 'test' });
    expect(result).toMatchObject({ format: 'grafana', readings: 3, rejected: 0 });
    expect(result.ledger.ignored).toEqual([{ column: expect.stringMatching(/^go_goroutines\{/), reason: 'the series go_goroutines is not a metric Floorwalk imports', count: 1 }]);
    expect(result.firstAt).toBe('2026-07-14T08:00:00.000Z');
  });

  it('series as rows (Series;Time;Value) with a decimal comma, and a legend-only series named as not understood', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'grafana-series-rows.csv'), name: 'rows.csv' } }, { actor: 'test' });
    expect(result).toMatchObject({ format: 'grafana', rejected: 0 });
    expect(result.ledger).toMatchObject({ cellsRead: 4, balanced: true });
    expect(result.ledger.ignored).toEqual([{ column: 'GPU 0', reason: expect.stringMatching(/not metric\{labels\}/), count: 1 }]);
    expect(readings('gpu_power_w').some((r) => r.value === 1234.5)).toBe(true);
  });
});
