import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { writeDemoTelemetry, type DemoTelemetryFile } from '../../app/demo/telemetry-files';
import { importTelemetry } from '../../app/telemetry/import';
import { unmatchedTargets } from '../../app/telemetry/store/queries';
import type { TelemetryImportResult } from '../../app/telemetry/types';
import { testDb } from '../support/db';

const END_MS = Date.parse('2026-07-14T12:00:00Z');

let db: Db;
let file: string;
let cleanup: () => void;
let files: DemoTelemetryFile[];
const results = new Map<string, TelemetryImportResult>();

beforeAll(async () => {
  ({ db, file, cleanup } = testDb({ demoAccelerators: 4000, seed: 3 }));
  files = writeDemoTelemetry(db, { outDir: path.join(path.dirname(file), 'telemetry'), endMs: END_MS });
  for (const demo of files) results.set(path.basename(demo.file), await importTelemetry(db, { source: { path: demo.file } }, { actor: 'test' }));
});
afterAll(() => cleanup());

function latest(metric: string): Array<{ label: string; kind: string; value: number; ts: number }> {
  return db
    .prepare(
      `SELECT t.label, t.kind, l.value, l.ts FROM telemetry_latest l JOIN telemetry_targets t ON t.id = l.target_id JOIN telemetry_metrics m ON m.id = l.metric_id WHERE m.name = ?`,
    )
    .all(metric) as Array<{ label: string; kind: string; value: number; ts: number }>;
}

describe('demo telemetry files', () => {
  it('writes every format for the demo inventory, and each is detected as what it is and imports', () => {
    expect(files.map((f) => [path.basename(f.file), f.format])).toEqual([
      ['phx1-nvidia-smi.csv', 'nvidia-smi'],
      ['phx1-rack-env.csv', 'rack-env'],
      ['phx1-pdu.csv', 'rack-env'],
      ['dub2-dcgm-metrics.prom', 'dcgm-prometheus'],
      ['dub2-cdu.csv', 'cdu'],
      ['dub2-sensors.csv', 'rack-env'],
      ['dub2-pdu.csv', 'rack-env'],
      ['sin1-dcgm.csv', 'dcgm-csv'],
      ['sin1-cdu.csv', 'cdu'],
      ['odn1-telemetry-long.csv', 'long'],
    ]);
    for (const demo of files) {
      const result = results.get(path.basename(demo.file));
      expect([path.basename(demo.file), result?.format, (result?.readings ?? 0) > 0]).toEqual([path.basename(demo.file), demo.format, true]);
    }
    const rejected = files.map((f) => results.get(path.basename(f.file))?.rejected);
    expect(rejected).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(fs.readFileSync(files[4]!.file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('uses the inventory’s real identities: only the two ghost GPUs are unmatched', () => {
    const unmatched = [...results.values()].flatMap((r) => r.unmatched.map((u) => u.label));
    expect(unmatched).toHaveLength(2);
    expect(unmatched.every((label) => /^GPU-[0-9a-f-]+ on phx1-dh1-r01-04-n9 \(00000000:(18|2A):00\.0\)$/.test(label))).toBe(true);
  });

  it('tells the story: hot racks, a throttling GPU, a dead and a missing GPU, a low-flow CDU, a silent sensor', () => {
    const hotRacks = latest('inlet_temp_c').filter((r) => r.kind === 'rack' && r.value > 27);
    expect(hotRacks.map((r) => r.label).sort()).toEqual(['ODN1/DH1/R01-03', 'ODN1/DH1/R01-04', 'PHX1/DH1/R01-03', 'PHX1/DH1/R01-04']);
    expect(latest('inlet_temp_c').filter((r) => r.kind === 'sensor' && r.value > 27)).toHaveLength(2);

    const throttling = latest('throttle_thermal').filter((r) => r.value === 1);
    expect(throttling).toHaveLength(1);
    expect(latest('gpu_tlimit_c').filter((r) => r.value < 0).map((r) => r.label)).toEqual(throttling.map((r) => r.label));

    const smi = results.get('phx1-nvidia-smi.csv');
    expect(new Set(smi?.deadGpus.map((g) => `${g.host} ${g.busId}`)).size).toBe(1);
    expect(unmatchedTargets(db, { limit: 10, offset: 0 }).silentAcceleratorsTotal).toBe(1);

    // One CDU per site with several is starved of flow: under half of what the site's best one moves.
    const flows = latest('coolant_flow_lpm');
    const sites = ['DUB2', 'SIN1'].map((site) => flows.filter((r) => r.label.startsWith(`${site}/`)).map((r) => r.value)).filter((own) => own.length > 1);
    expect(sites.length).toBeGreaterThan(0);
    for (const own of sites) expect(own.filter((f) => f < Math.max(...own) / 2)).toHaveLength(1);

    const inletSensors = latest('inlet_temp_c').filter((r) => r.kind === 'sensor');
    const silent = inletSensors.filter((r) => r.ts < END_MS - 60 * 60_000);
    expect(silent).toHaveLength(1);
    expect(inletSensors.length).toBeGreaterThan(1);
  });

  it('spans the last three hours at 1–5 minute steps, all stored in UTC', () => {
    const range = db.prepare('SELECT min(first_ts) AS first, max(last_ts) AS last FROM telemetry_metrics WHERE count > 0').get() as { first: number; last: number };
    // nvidia-smi stamps each GPU a few milliseconds apart within its interval.
    expect(range.last - END_MS).toBeGreaterThanOrEqual(0);
    expect(range.last - END_MS).toBeLessThan(60_000);
    expect(range.first).toBe(END_MS - 3 * 3_600_000);
  });
});
