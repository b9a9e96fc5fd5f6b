import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { detectTelemetry, importTelemetry } from '../../app/telemetry/import';
import { testDb } from '../support/db';
import { fixturePath, materialise } from '../fixtures/telemetry/load';

let db: Db;
let file: string;
let cleanup: () => void;

beforeEach(() => {
  ({ db, file, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterEach(() => cleanup());

/** Imports a fixture from disk, bytes as stored (BOM, CRLF, TAB), as the CLI does. */
async function importFile(name: string, options: { timezone?: string } = {}) {
  const copy = materialise(db, name, path.dirname(file));
  return importTelemetry(db, { source: { path: copy }, ...options }, { actor: 'test' });
}

/** Readings of a target (by its label) and metric, oldest first, as [ISO time, value]. */
function series(label: string, metric: string): Array<[string, number]> {
  const rows = db
    .prepare(
      `SELECT r.ts, r.value FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id JOIN telemetry_targets t ON t.id = r.target_id
       WHERE t.label = ? AND m.name = ? ORDER BY r.ts`,
    )
    .all(label, metric) as Array<{ ts: number; value: number }>;
  return rows.map((r) => [new Date(r.ts).toISOString(), Math.round(r.value * 1000) / 1000]);
}

describe('rack environment export re-saved by Excel (comma-decimal locale)', () => {
  it('reads BOM, sep=;, CRLF, decimal commas, quoted delimiters, °F and a ΔT in °F', async () => {
    const result = await importFile('rack-env-excel-eu.csv');
    expect(result.format).toBe('rack-env');
    expect(result.rows).toBe(20);
    expect(result.readings).toBe(80);
    expect(series('DUB2/DH1/R01-01', 'inlet_temp_c')[0]).toEqual(['2026-10-24T23:40:00.000Z', 22]);
    expect(series('DUB2/DH1/R01-01', 'outlet_temp_c')[0]).toEqual(['2026-10-24T23:40:00.000Z', 38]);
    // ΔT 28.8 °F is 16 K (×5/9, no −32).
    expect(series('DUB2/DH1/R01-01', 'delta_t_k')[0]?.[1]).toBe(16);
    expect(series('DUB2/DH1/R01-01', 'humidity_pct')[0]?.[1]).toBe(45);
    expect(series('DUB2/DH1/R01-01', 'dew_point_c')[0]?.[1]).toBe(10.5);
  });

  it('skips Sensor Fault rows, keeps Warning rows, and rejects bad rows with line, column and reason', async () => {
    const result = await importFile('rack-env-excel-eu.csv');
    expect(result.skippedBy).toEqual([{ reason: 'status "Sensor Fault"', count: 5 }]);
    expect(result.rejected).toBe(3);
    expect(result.errors).toEqual([
      { line: 19, column: 'Inlet Temp (°F)', reason: '"warm" is not a number' },
      { line: 20, column: 'Timestamp', reason: '"31.10.2026 25:00:00" is not a date and time Floorwalk can read' },
      { line: 21, column: 'Inlet Temp (°F)', reason: expect.stringContaining('outside the plausible range of inlet_temp_c') as string },
    ]);
    expect(series('DUB2/DH1/R01-02', 'inlet_temp_c').find(([at]) => at === '2026-10-25T01:20:00.000Z')?.[1]).toBe(29);
    expect(result.unmatched).toEqual([{ key: 'rack:DUB2/DH1/r01-99', label: 'DUB2/DH1/R01-99', note: null }]);
  });

  it('stores dd.mm.yyyy local times in UTC and resolves the repeated DST hour in file order', async () => {
    const result = await importFile('rack-env-excel-eu.csv');
    // Dublin leaves summer time at 02:00 on 25 Oct 2026: 01:00–01:59 happens twice (UTC+1, then UTC+0).
    expect(series('DUB2/DH1/R01-01', 'inlet_temp_c').map(([at]) => at.slice(11, 16))).toEqual(['23:40', '00:00', '00:20', '00:40', '01:00', '01:20', '01:40', '02:00']);
    // R01-02 has no 01:40 of the first pass (Sensor Fault); its second 01:00 still follows its 01:20.
    expect(series('DUB2/DH1/R01-02', 'inlet_temp_c').map(([at]) => at.slice(11, 16))).toEqual(['23:40', '00:00', '00:20', '01:00', '01:20', '01:40', '02:00']);
    expect(result.timeZone.zones).toEqual([{ zone: 'Europe/Dublin', rows: 16 }]);
    expect(result.timeZone.ambiguous).toBe(11);
  });

  it('previews the dialect, columns → metrics with the units converted from, and the site zone', async () => {
    const copy = materialise(db, 'rack-env-excel-eu.csv', path.dirname(file));
    const preview = await detectTelemetry(db, { source: { path: copy } });
    expect(preview).toMatchObject({ format: 'rack-env', delimiter: ';', decimalComma: true, encoding: 'utf-8' });
    expect(preview.columns.find((c) => c.column === 'Delta T (°F)')).toMatchObject({ use: 'metric', metric: 'delta_t_k', unit: 'K', fromUnit: '°F' });
    expect(preview.columns.find((c) => c.column === 'Status')?.use).toBe('status');
    expect(preview.columns.find((c) => c.column === 'Comment')?.use).toBe('ignored');
    expect(preview.timeZone.zones[0]?.zone).toBe('Europe/Dublin');
  });
});

describe('US rack export and APC PDU data.txt', () => {
  it('reads MM/DD/YYYY with AM/PM in separate columns, units in values, Site/Room qualifiers and status words', async () => {
    const result = await importFile('rack-env-us.csv');
    expect(result.rows).toBe(6);
    expect(result.rejected).toBe(0);
    expect(result.skippedBy).toEqual([{ reason: 'status "Comm Lost"', count: 4 }]);
    expect(result.readings).toBe(20);
    // Phoenix (UTC−7): 1:05 PM is 20:05Z; 12:15 AM is 07:15Z.
    expect(series('PHX1/DH1/R01-03', 'inlet_temp_c')).toEqual([
      ['2026-07-14T07:15:00.000Z', 24.5],
      ['2026-07-14T20:05:00.000Z', 24.5],
      ['2026-07-14T20:10:00.000Z', 24.5],
    ]);
    expect(series('PHX1/DH1/R01-04', 'rack_power_w')[0]?.[1]).toBe(35250);
    expect(series('PHX1/DH1/R01-04', 'outlet_temp_c')).toHaveLength(2);
    expect(series('PHX1/DH1/R01-03', 'humidity_pct')[0]?.[1]).toBe(41);
  });

  it('skips the 14-line preamble, takes the PDU from its System Name line, and reads TAB-separated newest-first rows', async () => {
    const result = await importFile('apc-data.txt');
    expect(result.format).toBe('rack-env');
    expect(result.rows).toBe(6);
    expect(result.readings).toBe(18);
    expect(result.unmatchedTargets).toBe(0);
    const power = db
      .prepare(
        `SELECT r.ts, r.value FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id JOIN telemetry_targets t ON t.id = r.target_id
         JOIN devices d ON d.id = t.entity_id AND t.kind = 'device' WHERE d.hostname = 'phx1-dh1-r01-01-pdu-a' AND m.name = ? ORDER BY r.ts DESC`,
      )
      .all('rack_power_w') as Array<{ ts: number; value: number }>;
    expect(power[0]).toEqual({ ts: Date.parse('2026-07-14T15:30:00Z'), value: 17500 });
    expect(power).toHaveLength(6);
    const preview = await detectTelemetry(db, { source: { path: materialise(db, 'apc-data.txt', path.dirname(file)) } });
    expect(preview.delimiter).toBe('\t');
    expect(preview.columns.find((c) => c.column === 'Pwr Max.kW')?.use).toBe('ignored');
    expect(preview.columns.find((c) => c.column === 'Ph I.A')).toMatchObject({ metric: 'rack_current_a', fromUnit: 'A' });
  });

  it('reads an APC data log of linked PDUs (host and guest) with each PDU its own target', async () => {
    const result = await importFile('apc-linked-data.txt');
    expect(result.format).toBe('rack-env');
    expect(result.unmatchedTargets).toBe(0);
    expect(result.targets).toBe(2);
    // Three lines, two PDUs each: six rows; the guest's sentinel skipped, its bad current rejects its row only.
    expect(result.rows).toBe(6);
    expect(result.skippedBy).toEqual([{ reason: 'sentinel -3276.8', count: 1 }]);
    expect(result.errors).toEqual([{ line: 14, column: '2:Ph I.A', reason: '"abc" is not a number' }]);
    expect(result.ledger).toMatchObject({ balanced: true, cellsRead: 21, readings: 14 });
    expect(result.ledger.ignored).toEqual([{ column: '2:Pwr Max.kW', reason: 'a limit or summary, not a reading', count: 3 }]);
    const power = (host: string): number[] =>
      db
        .prepare(
          `SELECT r.value FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id JOIN telemetry_targets t ON t.id = r.target_id
           JOIN devices d ON d.id = t.entity_id AND t.kind = 'device' WHERE d.hostname = ? AND m.name = 'rack_power_w' ORDER BY r.ts`,
        )
        .pluck()
        .all(host) as number[];
    expect(power('phx1-dh1-r01-01-pdu-a')).toEqual([17700, 17600, 17500]);
    expect(power('phx1-dh1-r01-01-pdu-b')).toEqual([12100]);
    const preview = await detectTelemetry(db, { source: { path: materialise(db, 'apc-linked-data.txt', path.dirname(file)) } });
    expect(preview.columns.find((c) => c.column === '2:Pwr.kW')).toMatchObject({ use: 'metric', metric: 'rack_power_w', note: 'linked PDU 2' });
  });

  it('resolves the repeated hour of a newest-first export the mirror way', async () => {
    const result = await importFile('apc-dst-newest-first.txt', { timezone: 'America/New_York' });
    expect(result.timeZone.option).toBe('America/New_York');
    expect(result.timeZone.ambiguous).toBe(4);
    const rows = db
      .prepare(`SELECT r.ts, r.value FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id WHERE m.name = 'rack_power_w' ORDER BY r.value`)
      .all() as Array<{ ts: number; value: number }>;
    expect(rows.map((r) => new Date(r.ts).toISOString().slice(11, 16))).toEqual(['07:10', '06:50', '06:10', '05:50', '05:10', '04:50']);
  });

  it('reads the same file identically from a path and from uploaded text', async () => {
    const copy = materialise(db, 'rack-env-us.csv', path.dirname(file));
    const fromPath = await importTelemetry(db, { source: { path: copy } }, { actor: 'test' });
    const fromText = await importTelemetry(db, { source: { text: fs.readFileSync(fixturePath('rack-env-us.csv'), 'utf8'), name: 'us.csv' } }, { actor: 'test' });
    expect(fromText.rows).toBe(fromPath.rows);
    expect(fromText.duplicates).toBe(fromPath.readings);
    expect(fromText.readings).toBe(0);
  });
});
