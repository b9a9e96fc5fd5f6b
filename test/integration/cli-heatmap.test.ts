import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk, runJson } from '../support/cli';
import { tempDir } from '../support/temp';

interface HeatmapJson {
  room: string;
  metric: string;
  at: string | null;
  min: number | null;
  max: number | null;
  findings: Array<{ kind: string; rack: string | null; value: number; threshold: number }>;
}

/** `floorwalk heatmap` as a technician runs it: demo inventory, demo telemetry imported, then the heatmap. */
describe('floorwalk heatmap', () => {
  const { dir, cleanup } = tempDir('floorwalk-cli-heatmap-');
  const db = path.join(dir, 'hm.db');

  beforeAll(() => {
    const demo = runFloorwalk(['--db', db, 'demo', '--accelerators', '4000', '--seed', '7', '--telemetry-out', path.join(dir, 'telemetry')]);
    expect(demo.code, demo.stderr).toBe(0);
    const files = fs.readdirSync(path.join(dir, 'telemetry')).map((f) => path.join(dir, 'telemetry', f));
    const imported = runFloorwalk(['--db', db, 'import', 'telemetry', ...files, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => cleanup());

  it('prints exactly the contracted JSON keys, with findings naming their racks', () => {
    const result = runJson<HeatmapJson>(['--db', db, 'heatmap', '--room', 'PHX1/DH1', '--metric', 'inlet']);
    expect(Object.keys(result)).toEqual(['room', 'metric', 'at', 'min', 'max', 'findings']);
    expect(result.room).toBe('PHX1/DH1');
    expect(result.metric).toBe('inlet');
    expect(result.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(result.min).toBeLessThan(result.max ?? 0);
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) expect(Object.keys(f)).toEqual(['kind', 'rack', 'value', 'threshold']);
    const hot = result.findings.filter((f) => f.kind === 'inlet_above_recommended');
    expect(hot.length).toBe(2);
    expect(hot.every((f) => f.value > 27 && f.threshold === 27 && typeof f.rack === 'string')).toBe(true);
  });

  it('reports each metric’s range at a chosen time', () => {
    const latest = runJson<HeatmapJson>(['--db', db, 'heatmap', '--room', 'PHX1/DH1', '--metric', 'gpu']);
    expect(latest.max).toBeGreaterThanOrEqual(87);
    const earlier = new Date(Date.parse(latest.at ?? '') - 60 * 60_000).toISOString();
    const before = runJson<HeatmapJson>(['--db', db, 'heatmap', '--room', 'PHX1/DH1', '--metric', 'power', '--at', earlier]);
    expect(before.at).toBe(earlier);
    expect(before.min).toBeGreaterThan(0);
    const delta = runJson<HeatmapJson>(['--db', db, 'heatmap', '--room', 'PHX1/DH1', '--metric', 'delta', '--at', earlier]);
    expect(delta.min).toBeGreaterThan(5);
    expect(delta.max).toBeLessThan(25);
  });

  it('writes the heatmap as SVG and PNG', () => {
    const svgFile = path.join(dir, 'phx1.svg');
    const pngFile = path.join(dir, 'phx1.png');
    expect(runFloorwalk(['--db', db, 'heatmap', '--room', 'PHX1/DH1', '--metric', 'inlet', '--out', svgFile]).code).toBe(0);
    const svg = fs.readFileSync(svgFile, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('fw-heatmap-field');
    expect(svg).toContain('A2 recommended');
    const png = runFloorwalk(['--db', db, 'heatmap', '--room', 'PHX1/DH1', '--metric', 'gpu', '--out', pngFile, '--json']);
    expect(png.code, png.stderr).toBe(0);
    const bytes = fs.readFileSync(pngFile);
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(10_000);
  });

  it('answers a room without telemetry with nulls, not an error', () => {
    const empty = path.join(dir, 'empty.db');
    expect(runFloorwalk(['--db', empty, 'demo', '--accelerators', '64', '--seed', '3']).code).toBe(0);
    const result = runJson<HeatmapJson>(['--db', empty, 'heatmap', '--room', 'PHX1/DH1', '--metric', 'inlet']);
    expect(result).toEqual({ room: 'PHX1/DH1', metric: 'inlet', at: null, min: null, max: null, findings: [] });
  });

  it('refuses wrong words with exit 2 and an unknown room or time with exit 1', () => {
    const metric = runFloorwalk(['--db', db, 'heatmap', '--room', 'PHX1/DH1', '--metric', 'humidity']);
    expect(metric.code).toBe(2);
    expect(metric.stderr).toMatch(/--metric takes one of inlet, gpu, power, delta/);
    const out = runFloorwalk(['--db', db, 'heatmap', '--room', 'PHX1/DH1', '--metric', 'inlet', '--out', path.join(dir, 'x.jpg')]);
    expect(out.code).toBe(2);
    const room = runFloorwalk(['--db', db, 'heatmap', '--room', 'NOPE/DH9', '--metric', 'inlet']);
    expect(room.code).toBe(1);
    expect(room.stderr).toMatch(/No room "NOPE\/DH9"/);
    const at = runFloorwalk(['--db', db, 'heatmap', '--room', 'PHX1/DH1', '--metric', 'inlet', '--at', 'yesterday-ish']);
    expect(at.code).toBe(1);
    expect(at.stderr).toMatch(/is not a time/);
  });
});
