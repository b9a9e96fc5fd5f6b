import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { detectTelemetry, importTelemetry } from '../../app/telemetry/import';
import { testDb } from '../support/db';
import { gpuValue, readFixture } from '../fixtures/telemetry/load';

let db: Db;
let cleanup: () => void;

beforeEach(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterEach(() => cleanup());

async function importFixture(name: string, options: { columns?: string; timezone?: string } = {}) {
  return importTelemetry(db, { source: { text: readFixture(db, name), name }, ...options }, { actor: 'test' });
}

const valueOf = (host: string, slot: number, metric: string, iso: string): number | undefined => gpuValue(db, host, slot, metric, iso);

describe('nvidia-smi CSV', () => {
  it('reads a pdsh fan-out with repeated headers, placeholders, NVML errors, notices and a truncated last row', async () => {
    const result = await importFixture('nvsmi-pdsh.csv');
    expect(result.format).toBe('nvidia-smi');
    // 10 data rows: 8 kept, one with an unreadable temperature, one cut short by the copy.
    expect(result.rows).toBe(10);
    expect(result.rejected).toBe(2);
    expect(result.errors).toEqual([
      { line: 15, column: 'temperature.gpu', reason: '"abc" is not a number' },
      { line: 17, column: '', reason: expect.stringContaining('the last line is cut short (8 of 21 fields)') as string },
    ]);
    expect(result.readings).toBe(6 * 15 + 2 * 13);
    expect(result.duplicates).toBe(0);
    // fan.speed [N/A] ×8, bare N/A, [Insufficient Permissions], [Unknown Error], [Not Supported], 2 NVML lines, 1 pdsh notice.
    expect(result.skipped).toBe(15);
    expect(Object.fromEntries(result.skippedBy.map((s) => [s.reason, s.count]))).toEqual({
      '[N/A]': 8,
      'N/A': 1,
      '[Insufficient Permissions]': 1,
      '[Unknown Error]': 1,
      '[Not Supported]': 1,
      'NVML error line (GPU unreadable)': 2,
      'pdsh notice line': 1,
    });
    expect(result.deadGpus.map((g) => [g.line, g.host, g.busId])).toEqual([
      [7, 'phx1-dh1-r01-01-n2', '00000000:2A:00.0'],
      [14, 'phx1-dh1-r01-01-n2', '00000000:34:00.0'],
    ]);
    expect(result.targets).toBe(5);
    expect(result.unmatchedTargets).toBe(1);
    expect(result.unmatched[0]?.label).toBe('GPU-0badc0de-0000-4000-8000-000000000001 on phx1-dh1-r01-01-n9 (00000000:18:00.0)');
  });

  it('converts units, keeps a negative T.Limit, splits the throttle bitmask and reads state words', async () => {
    await importFixture('nvsmi-pdsh.csv');
    const host = 'phx1-dh1-r01-01-n1';
    // Phoenix is UTC−7 all year: 08:12:53.361 local is 15:12:53.361Z.
    const at = '2026-07-14T15:12:53.361Z';
    expect(valueOf(host, 1, 'gpu_temp_c', at)).toBe(89);
    expect(valueOf(host, 1, 'gpu_tlimit_c', at)).toBe(-2);
    expect(valueOf(host, 1, 'gpu_power_w', at)).toBe(612.4);
    expect(valueOf(host, 1, 'sm_clock_mhz', at)).toBe(1410);
    expect(valueOf(host, 1, 'throttle_reasons', at)).toBe(0x40);
    expect(valueOf(host, 1, 'throttle_thermal', at)).toBe(1);
    expect(valueOf(host, 1, 'throttle_power', at)).toBe(0);
    expect(valueOf(host, 1, 'mem_used_mib', at)).toBe(19818);
    expect(valueOf(host, 1, 'remapped_rows_pending', at)).toBe(0);
    const later = '2026-07-14T15:13:53.361Z';
    expect(valueOf(host, 1, 'throttle_reasons', later)).toBe(0x44);
    expect(valueOf(host, 1, 'throttle_power', later)).toBe(1);
    expect(valueOf(host, 1, 'remapped_rows_pending', later)).toBe(1);
    expect(valueOf(host, 0, 'gpu_tlimit_c', '2026-07-14T15:13:53.353Z')).toBe(24);
    expect(valueOf('phx1-dh1-r01-01-n2', 0, 'hbm_temp_c', '2026-07-14T15:12:53.402Z')).toBeUndefined();
    expect(valueOf('phx1-dh1-r01-01-n2', 0, 'gpu_temp_c', '2026-07-14T15:12:53.402Z')).toBe(59);
  });

  it('reads nounits values, the old clocks_throttle_reasons names, CRLF and a header repeated by a cron append', async () => {
    const result = await importFixture('nvsmi-nounits.csv', { timezone: 'UTC' });
    expect(result.rows).toBe(7);
    expect(result.rejected).toBe(0);
    expect(result.readings).toBe(7 * 9);
    expect(result.timeZone.option).toBe('UTC');
    const host = 'phx1-dh1-r01-02-n1';
    expect(valueOf(host, 0, 'gpu_power_w', '2026-07-14T15:12:00.100Z')).toBe(699.99);
    expect(valueOf(host, 1, 'hbm_temp_c', '2026-07-14T15:10:00.101Z')).toBe(52);
    expect(valueOf(host, 0, 'throttle_power', '2026-07-14T15:10:00.100Z')).toBe(1);
    expect(valueOf(host, 0, 'throttle_power', '2026-07-14T15:13:00.100Z')).toBe(0);
    expect(valueOf(host, 0, 'sm_clock_mhz', '2026-07-14T15:13:00.100Z')).toBe(1980);
  });

  it('needs --columns for a noheader file, and reads it with them', async () => {
    await expect(importFixture('nvsmi-noheader.csv')).rejects.toThrow(/noheader.*--columns/);
    expect(db.prepare('SELECT count(*) FROM telemetry_readings').pluck().get()).toBe(0);
    const preview = await detectTelemetry(db, { source: { text: readFixture(db, 'nvsmi-noheader.csv'), name: 'n.csv' } });
    expect(preview.needsColumns).toBe(true);

    const result = await importFixture('nvsmi-noheader.csv', { columns: 'timestamp,uuid,temperature.gpu,power.draw,utilization.gpu' });
    expect(result.rows).toBe(24);
    expect(result.readings).toBe(72);
    expect(valueOf('phx1-dh1-r01-03-n1', 7, 'gpu_power_w', '2026-07-14T15:22:00.007Z')).toBe(570);
  });

  it('matches GPUs by pdsh host and PCI bus id when the query has no UUID or serial', async () => {
    const result = await importFixture('nvsmi-hostbus.csv');
    expect(result.rows).toBe(17);
    expect(result.targets).toBe(17);
    expect(result.unmatchedTargets).toBe(1);
    expect(result.unmatched[0]?.label).toBe('GPU 00000000:CB:00.0 on phx1-dh1-r01-04-n2');
    expect(valueOf('phx1-dh1-r01-04-n2', 5, 'gpu_temp_c', '2026-07-14T15:30:00.005Z')).toBe(65);
    expect(valueOf('phx1-dh1-r01-04-n1', 7, 'gpu_power_w', '2026-07-14T15:30:00.007Z')).toBe(607);
  });

  it('fails a file whose every value is a placeholder, writing nothing', async () => {
    await expect(importFixture('nvsmi-placeholders.csv')).rejects.toThrow(/No usable row in nvsmi-placeholders\.csv: every value was a placeholder/);
    expect(db.prepare('SELECT count(*) FROM telemetry_imports').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM telemetry_targets').pluck().get()).toBe(0);
  });

  it('previews format, columns → metrics with units, the site time zone and sample readings', async () => {
    const preview = await detectTelemetry(db, { source: { text: readFixture(db, 'nvsmi-pdsh.csv'), name: 'nvsmi-pdsh.csv' } });
    expect(preview.format).toBe('nvidia-smi');
    expect(preview.evidence).toContain('pdsh');
    const power = preview.columns.find((c) => c.column === 'power.draw [W]');
    expect(power).toMatchObject({ use: 'metric', metric: 'gpu_power_w', unit: 'W', fromUnit: 'W' });
    expect(preview.columns.find((c) => c.column === 'display_mode')?.use).toBe('ignored');
    expect(preview.timeZone.zones.map((z) => z.zone)).toEqual(['America/Phoenix']);
    expect(preview.sample[0]).toMatchObject({ at: '2026-07-14T15:12:53.353Z', matched: true });
    expect(preview.sampleUnmatched).toBe(1);
    expect(db.prepare('SELECT count(*) FROM telemetry_readings').pluck().get()).toBe(0);
  });
});
