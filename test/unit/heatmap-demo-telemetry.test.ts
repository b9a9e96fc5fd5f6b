import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { writeDemoTelemetry } from '../../app/demo/telemetry-files';
import { frameField } from '../../app/heatmap/frame-field';
import { heatmapFindings, heatmapFrame, heatmapLoops, heatmapTimeline } from '../../app/heatmap/frame';
import { heatmapSvg } from '../../app/heatmap/svg';
import { floorData } from '../../app/floor/data';
import { importTelemetry } from '../../app/telemetry/import';
import { testDb } from '../support/db';

/**
 * Findings on the telemetry developer's demo files (app/demo/telemetry-files.ts), imported through their
 * importer: the story those files tell (two hot racks per site, a throttling GPU past its T.Limit, a CDU
 * starved of flow, a sensor that goes silent) must come out of the heatmap's findings.
 */
describe('heatmap findings on the demo telemetry', () => {
  let db: Db;
  let cleanup = (): void => undefined;
  const roomOf = (code: string): number => db.prepare("SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = ? AND rm.name = 'DH1'").pluck().get(code) as number;
  const hotRacks = (code: string): string[] =>
    db
      .prepare("SELECT r.name FROM racks r JOIN rooms rm ON rm.id = r.room_id JOIN sites s ON s.id = rm.site_id WHERE s.code = ? AND r.name NOT LIKE '%-N_' ORDER BY rm.name, r.name LIMIT 2 OFFSET 2")
      .pluck()
      .all(code) as string[];

  beforeAll(async () => {
    const t = testDb({ demoAccelerators: 4000, seed: 7 });
    db = t.db;
    cleanup = t.cleanup;
    const dir = path.join(path.dirname(t.file), 'telemetry');
    const files = writeDemoTelemetry(db, { outDir: dir, endMs: Date.UTC(2026, 6, 14, 12, 0, 0) });
    for (const file of files) await importTelemetry(db, { source: { path: file.file } }, { actor: 'tester' });
    expect(fs.readdirSync(dir).length).toBe(files.length);
  });
  afterAll(() => cleanup());

  it('flags the two hot racks of every site with inlet readings above the recommended 27 °C', () => {
    for (const code of ['PHX1', 'DUB2', 'ODN1']) {
      const { findings } = heatmapFindings(db, roomOf(code));
      const hot = findings.filter((f) => f.kind === 'inlet_above_recommended' || f.kind === 'inlet_above_allowable').map((f) => f.rack);
      expect(hot.sort(), code).toEqual(hotRacks(code).sort());
      for (const f of findings.filter((x) => x.kind === 'inlet_above_recommended')) {
        expect(f.value).toBeGreaterThan(27);
        expect(f.threshold).toBe(27);
      }
    }
  });

  it('finds the throttling GPU past its thermal limit', () => {
    const { findings } = heatmapFindings(db, roomOf('PHX1'));
    const kinds = new Set(findings.map((f) => f.kind));
    expect(kinds.has('gpu_throttle_thermal')).toBe(true);
    expect(kinds.has('gpu_tlimit_negative')).toBe(true);
    expect(kinds.has('gpu_above_max_operating')).toBe(true);
    const tlimit = findings.find((f) => f.kind === 'gpu_tlimit_negative');
    expect(tlimit?.value).toBeLessThan(0);
    expect(tlimit?.rackId).not.toBeNull();
  });

  it('finds the CDU with low flow through its ΔT, and its loop figures follow Q = ṁ·cp·ΔT', () => {
    const roomId = roomOf('SIN1');
    const { findings } = heatmapFindings(db, roomId);
    const cdu = findings.find((f) => f.kind === 'cdu_delta_t_high');
    expect(cdu?.target).toBe('CDU-R02');
    expect(cdu?.value).toBeGreaterThan(15);
    const { loops } = heatmapLoops(db, roomId);
    const starved = loops.find((l) => l.cdu === 'CDU-R02');
    const healthy = loops.find((l) => l.cdu === 'CDU-R01');
    expect(starved?.flowLpm).toBeLessThan(healthy?.flowLpm ?? 0);
    // The files write ΔT = Q / (ṁ·cp) with ~250 kW per CDU: the heat carried comes back near that.
    expect(starved?.heatCarriedKw).toBeGreaterThan(200);
    expect(starved?.heatCarriedKw).toBeLessThan(320);
  });

  it('finds the silent sensor and the rack whose sensor faulted', () => {
    const dub2 = heatmapFindings(db, roomOf('DUB2')).findings.filter((f) => f.kind === 'sensor_silent');
    expect(dub2.length).toBe(1);
    expect(dub2[0]?.target).toMatch(/-INLET$/);
    expect(dub2[0]?.value).toBeGreaterThan(dub2[0]?.threshold ?? Infinity);
    const phx1 = heatmapFindings(db, roomOf('PHX1')).findings.filter((f) => f.kind === 'sensor_silent');
    expect(phx1.map((f) => f.rack)).toContain('R01-08');
  });

  it('gives a slider over the imported hours, and a field and SVG at any stop', () => {
    const roomId = roomOf('PHX1');
    const timeline = heatmapTimeline(db, roomId);
    expect(timeline.range.stops.length).toBeGreaterThan(20);
    expect(timeline.buckets.some((b) => (b.maxInletC ?? 0) > 27)).toBe(true);
    const middle = timeline.range.stops[Math.floor(timeline.range.stops.length / 2)] as number;
    const frame = heatmapFrame(db, roomId, { metric: 'inlet', at: middle });
    expect(frame.points.values.length).toBeGreaterThan(10);
    const floor = floorData(db, roomId);
    const field = frameField(floor, frame);
    expect(field).not.toBeNull();
    expect(field?.max).toBeLessThanOrEqual((frame.max ?? 0) + 1e-3);
    expect(field?.min).toBeGreaterThanOrEqual((frame.min ?? 0) - 1e-3);
    const svg = heatmapSvg(floor, frame, field);
    expect(svg).toContain('class="fw-heatmap-field"');
    expect(svg).toContain('A2 recommended');
  });
});
