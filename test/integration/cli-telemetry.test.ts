import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/db/open';
import { runFloorwalk, runJson } from '../support/cli';
import { tempDir } from '../support/temp';
import { materialise } from '../fixtures/telemetry/load';

let dir: string;
let cleanup: () => void;
let db: string;
const fixtures: Record<string, string> = {};

// The keys, plus what later issues added (the contract allows additions, never removals).
const FILE_KEYS = ['duplicates', 'errors', 'file', 'format', 'ledger', 'profile', 'readings', 'rejected', 'rows', 'saved_profile', 'skipped', 'swaps', 'unmatched_targets', 'unreadable_gpus'];

interface FileJson {
  file: string;
  format: string;
  rows: number;
  readings: number;
  skipped: number;
  rejected: number;
  duplicates: number;
  unmatched_targets: number;
  ledger: { balanced: boolean; problems: string[]; stored: number; duplicates: number };
  errors: Array<{ line: number; column: string; reason: string }>;
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir('floorwalk-cli-telemetry-'));
  db = path.join(dir, 'telemetry.db');
  const demo = runFloorwalk(['--db', db, 'demo', '--accelerators', '800', '--seed', '1']);
  expect(demo.code, demo.stderr).toBe(0);
  const handle = openDatabase(db);
  for (const name of ['nvsmi-pdsh.csv', 'rack-env-excel-eu.csv', 'nvsmi-noheader.csv', 'nvsmi-placeholders.csv']) fixtures[name] = materialise(handle, name, dir);
  handle.close();
});
afterAll(() => cleanup());

describe('floorwalk import telemetry', () => {
  it('imports several files and prints the issue’s JSON shape, exactly', () => {
    const result = runJson<{ files: FileJson[] }>(['--db', db, 'import', 'telemetry', fixtures['nvsmi-pdsh.csv']!, fixtures['rack-env-excel-eu.csv']!]);
    expect(Object.keys(result)).toEqual(['files']);
    expect(result.files).toHaveLength(2);
    for (const file of result.files) expect(Object.keys(file).sort()).toEqual(FILE_KEYS);
    const [smi, env] = result.files;
    expect(smi).toMatchObject({ file: fixtures['nvsmi-pdsh.csv'], format: 'nvidia-smi', rows: 10, readings: 116, skipped: 15, rejected: 2, duplicates: 0, unmatched_targets: 1 });
    expect(Object.keys(smi!.errors[0]!).sort()).toEqual(['column', 'line', 'reason']);
    expect(env).toMatchObject({ format: 'rack-env', rows: 20, readings: 80, rejected: 3, unmatched_targets: 1 });
    for (const file of result.files) expect(file.ledger).toMatchObject({ balanced: true, problems: [], stored: file.readings, duplicates: file.duplicates });
  });

  it('imports the same file again as duplicates, not new readings', () => {
    const again = runJson<{ files: FileJson[] }>(['--db', db, 'import', 'telemetry', fixtures['nvsmi-pdsh.csv']!]);
    expect(again.files[0]).toMatchObject({ readings: 0, duplicates: 116 });
  });

  it('exits 1 with a one-line reason for a file that fails, still importing the others', () => {
    const missing = path.join(dir, 'nope.csv');
    const run = runFloorwalk(['--db', db, 'import', 'telemetry', fixtures['nvsmi-placeholders.csv']!, missing, fixtures['nvsmi-noheader.csv']!, '--columns', 'timestamp,uuid,temperature.gpu,power.draw,utilization.gpu', '--json']);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      `floorwalk import telemetry: ${fixtures['nvsmi-placeholders.csv']}: No usable row in nvsmi-placeholders.csv: every value was a placeholder or sentinel ([N/A]: 2). Nothing was written.`,
      `floorwalk import telemetry: ${missing}: There is no file ${missing}.`,
    ]);
    const parsed = JSON.parse(run.stdout) as { files: FileJson[] };
    expect(parsed.files.map((f) => [f.file, f.readings])).toEqual([[fixtures['nvsmi-noheader.csv'], 72]]);
  });

  it('refuses a noheader file without --columns, and wrong usage with exit 2', () => {
    const noheader = runFloorwalk(['--db', db, 'import', 'telemetry', fixtures['nvsmi-noheader.csv']!]);
    expect(noheader.code).toBe(1);
    expect(noheader.stderr).toMatch(/noheader\): pass --columns with the --query-gpu field list/);
    expect(runFloorwalk(['--db', db, 'import', 'telemetry']).code).toBe(2);
    const format = runFloorwalk(['--db', db, 'import', 'telemetry', fixtures['nvsmi-pdsh.csv']!, '--format', 'excel']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format takes one of nvidia-smi, dcgm-prometheus, dcgm-csv, grafana, rack-env, cdu, redfish, long');
  });
});

describe('floorwalk telemetry stats and detect', () => {
  it('prints per-metric figures with the issue’s keys', () => {
    const stats = runJson<{ metrics: Array<Record<string, unknown>>; targets: number; unmatched_targets: number }>(['--db', db, 'telemetry', 'stats']);
    expect(Object.keys(stats)).toEqual(['metrics', 'targets', 'unmatched_targets']);
    for (const metric of stats.metrics) expect(Object.keys(metric)).toEqual(['metric', 'unit', 'count', 'min', 'max', 'first', 'last']);
    const temp = stats.metrics.find((m) => m.metric === 'inlet_temp_c');
    expect(temp).toMatchObject({ unit: 'C', count: 16, min: 22, first: '2026-10-24T23:40:00.000Z', last: '2026-10-25T03:00:00.000Z' });
    expect(stats.unmatched_targets).toBe(2);
    const one = runJson<{ metrics: Array<{ metric: string }> }>(['--db', db, 'telemetry', 'stats', '--metric', 'gpu_tlimit_c']);
    expect(one.metrics.map((m) => m.metric)).toEqual(['gpu_tlimit_c']);
    const bad = runFloorwalk(['--db', db, 'telemetry', 'stats', '--metric', 'warp_speed']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('previews a file without writing anything', () => {
    const before = runJson<{ metrics: Array<{ count: number }> }>(['--db', db, 'telemetry', 'stats']);
    const preview = runJson<{ format: string; columns: unknown[]; sample: unknown[] }>(['--db', db, 'telemetry', 'detect', fixtures['rack-env-excel-eu.csv']!]);
    expect(preview.format).toBe('rack-env');
    expect(preview.sample.length).toBeGreaterThan(0);
    expect(runJson(['--db', db, 'telemetry', 'stats'])).toEqual(before);
  });

  it('takes --map corrections (repeatable) in detect and import, and refuses a bad one with exit 1', () => {
    const file = fixtures['nvsmi-placeholders.csv']!;
    const args = ['--map', 'temperature.gpu=ignore', '--map', 'power.draw [W]=gpu_power_w:kW'];
    const preview = runJson<{ columns: Array<{ column: string; use: string; metric: string | null; fromUnit: string | null }> }>(['--db', db, 'telemetry', 'detect', file, ...args]);
    expect(preview.columns.find((c) => c.column === 'temperature.gpu')).toMatchObject({ use: 'ignored' });
    expect(preview.columns.find((c) => c.column === 'power.draw [W]')).toMatchObject({ use: 'metric', metric: 'gpu_power_w', fromUnit: 'kW' });
    const human = runFloorwalk(['--db', db, 'telemetry', 'detect', file, ...args]);
    expect(human.stdout).toMatch(/temperature\.gpu\s+ignored/);
    const bad = runFloorwalk(['--db', db, 'import', 'telemetry', file, '--map', 'temperature.gpu=warmth']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/"warmth" is not a role/);
  });
});

describe('floorwalk telemetry profiles', () => {
  it('saves the corrections under a name (--save-profile, profile save), lists them, offers and applies them (--profile)', () => {
    const file = fixtures['nvsmi-pdsh.csv']!;
    const first = runJson<{ files: Array<FileJson & { saved_profile: string | null; profile: string | null }> }>([
      '--db', db, 'import', 'telemetry', file, '--map', 'temperature.gpu=ignore', '--save-profile', 'smi no temp',
    ]);
    expect(first.files[0]).toMatchObject({ saved_profile: 'smi no temp', profile: null });
    const listed = runJson<{ profiles: Array<{ name: string; format: string; map: string[]; fingerprint: string; uses: number }> }>(['--db', db, 'telemetry', 'profiles']);
    expect(listed.profiles).toEqual([expect.objectContaining({ name: 'smi no temp', format: 'nvidia-smi', map: ['temperature.gpu=ignore'], uses: 0 })]);

    const offered = runFloorwalk(['--db', db, 'telemetry', 'detect', file]);
    expect(offered.stdout).toMatch(/note: Profile "smi no temp" was saved for this header; --profile "smi no temp" applies/);
    const applied = runJson<{ columns: Array<{ column: string; use: string }>; profile: string }>(['--db', db, 'telemetry', 'detect', file, '--profile', 'smi no temp']);
    expect(applied.profile).toBe('smi no temp');
    expect(applied.columns.find((c) => c.column === 'temperature.gpu')?.use).toBe('ignored');

    const saved = runJson<{ name: string; map: string[] }>(['--db', db, 'telemetry', 'profile', 'save', 'smi kW', file, '--profile', 'smi no temp', '--map', 'power.draw [W]=gpu_power_w:kW']);
    expect(saved).toMatchObject({ name: 'smi kW', map: ['temperature.gpu=ignore', 'power.draw [W]=gpu_power_w:kW'] });
    const table = runFloorwalk(['--db', db, 'telemetry', 'profiles']);
    expect(table.stdout).toMatch(/smi kW\s+nvidia-smi\s+[0-9a-f]{16}/);
    const missing = runFloorwalk(['--db', db, 'import', 'telemetry', file, '--profile', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No telemetry profile "nope"; the profiles are: smi kW, smi no temp/);
    expect(runFloorwalk(['--db', db, 'telemetry', 'profiles', '--delete', 'smi kW']).code).toBe(0);
  });
});

describe('floorwalk demo --telemetry-out', () => {
  it('writes the demo files for a new demo, or for the inventory already in the database', () => {
    const fresh = path.join(dir, 'fresh.db');
    const out = path.join(dir, 'demo-telemetry');
    const result = runJson<{ accelerators: number; telemetry: Array<{ file: string; format: string }> }>(['--db', fresh, 'demo', '--accelerators', '800', '--telemetry-out', out]);
    expect(result.accelerators).toBe(800);
    expect(result.telemetry.map((f) => f.format)).toEqual(['nvidia-smi', 'rack-env', 'rack-env', 'dcgm-prometheus', 'cdu', 'rack-env', 'rack-env', 'dcgm-csv', 'cdu', 'long']);
    expect(fs.readdirSync(out).sort()).toEqual(result.telemetry.map((f) => path.basename(f.file)).sort());
    const again = runJson<{ telemetry: unknown[] }>(['--db', fresh, 'demo', '--telemetry-out', path.join(dir, 'second')]);
    expect(again.telemetry).toHaveLength(10);
    const imported = runJson<{ files: FileJson[] }>(['--db', fresh, 'import', 'telemetry', ...result.telemetry.map((f) => f.file)]);
    expect(imported.files.every((f) => f.readings > 0)).toBe(true);
  });
});
