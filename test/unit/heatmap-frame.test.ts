import { afterEach, describe, expect, it } from 'vitest';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import { heatmapFindings, heatmapFrame } from '../../app/heatmap/frame';
import { VALUES_AT_SQL } from '../../app/heatmap/queries';
import { FIXTURE_START_MS, MINUTE_MS, writeHallScenario } from '../fixtures/heatmap/telemetry';
import { testDb } from '../support/db';

describe('heatmap frame, timeline, findings and loops over stored telemetry', () => {
  let cleanup = (): void => undefined;
  afterEach(() => cleanup());

  function setup(): { ctx: HandlerContext; roomId: number; scenario: ReturnType<typeof writeHallScenario> } {
    const t = testDb({ demoAccelerators: 4000, seed: 7 });
    cleanup = t.cleanup;
    // DUB2: the H200 direct-liquid hall (A1), with a CDU per row.
    const roomId = t.db.prepare("SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'DUB2'").pluck().get() as number;
    const scenario = writeHallScenario(t.db, roomId);
    return { ctx: { db: t.db, dbPath: t.file, actor: 'tester' }, roomId, scenario };
  }

  it('cuts the imported hour into minute stops and sums the readings per bucket', async () => {
    const { ctx, roomId } = setup();
    const timeline = await callLocal(ctx, 'heatmap.timeline', { roomId });
    expect(timeline.range.first).toBe(new Date(FIXTURE_START_MS).toISOString());
    expect(timeline.range.stepMs).toBe(30_000);
    expect(timeline.range.stops[0]).toBe(FIXTURE_START_MS);
    expect(timeline.range.stops[timeline.range.stops.length - 1]).toBe(FIXTURE_START_MS + 59 * MINUTE_MS);
    const first = timeline.buckets[0];
    expect(first?.readings).toBeGreaterThan(0);
    expect(Math.max(...timeline.buckets.map((b) => b.maxInletC ?? 0))).toBe(36.5);
  });

  it('puts a field source at every reporting inlet and takes each rack’s worst inlet', async () => {
    const { ctx, roomId, scenario } = setup();
    const frame = await callLocal(ctx, 'heatmap.frame', { roomId, metric: 'inlet', at: FIXTURE_START_MS + 10 * MINUTE_MS });
    const hot = frame.racks.find((r) => r.name === scenario.hotRack);
    expect(hot?.inletC).toBe(29);
    expect(hot?.outletC).toBe(41);
    expect(hot?.deltaK).toBe(12);
    expect(hot?.powerKw).toBe(30);
    expect(frame.points.values.length).toBe(18);
    expect(frame.max).toBe(36.5);
    expect(frame.bands.map((b) => b.id)).toEqual(['below-allowable', 'allowable-low', 'recommended', 'allowable-high', 'above-allowable']);
    expect(frame.room.ashraeClass).toBe('A1');
    expect(frame.field.cellsPerTile).toBe(4);
  });

  it('follows the staleness window: a sensor that stopped no longer stands for later times', async () => {
    const { ctx, roomId } = setup();
    const before = heatmapFrame(ctx.db, roomId, { metric: 'inlet', at: FIXTURE_START_MS + 29 * MINUTE_MS });
    const after = heatmapFrame(ctx.db, roomId, { metric: 'inlet', at: FIXTURE_START_MS + 59 * MINUTE_MS });
    expect(before.points.values.length).toBe(18);
    expect(after.points.values.length).toBe(17);
    const early = heatmapFrame(ctx.db, roomId, { metric: 'inlet', at: FIXTURE_START_MS - 1 });
    expect(early.points.values).toEqual([]);
  });

  it('reports the hottest GPU per rack for the gpu metric', () => {
    const { ctx, roomId, scenario } = setup();
    const frame = heatmapFrame(ctx.db, roomId, { metric: 'gpu' });
    const rack = frame.racks.find((r) => r.name === scenario.gpuRack);
    expect(rack?.hottestGpuC).toBe(90);
    expect(rack?.gpusAboveMaxOperating).toBe(1);
    expect(rack?.gpusNearSlowdown).toBe(1);
    expect(rack?.minTlimitC).toBe(-3);
    expect(frame.max).toBe(90);
  });

  it('finds every planted problem, worst first, each with its rack', () => {
    const { ctx, roomId, scenario } = setup();
    const { findings } = heatmapFindings(ctx.db, roomId);
    const kinds = findings.map((f) => `${f.kind}:${f.rack ?? f.target}`);
    expect(kinds).toContain(`inlet_above_recommended:${scenario.hotRack}`);
    expect(kinds).toContain(`inlet_above_allowable:${scenario.veryHotRack}`);
    expect(kinds).toContain(`gpu_above_max_operating:${scenario.gpuRack}`);
    expect(kinds).toContain(`gpu_tlimit_negative:${scenario.gpuRack}`);
    expect(kinds).toContain(`gpu_throttle_thermal:${scenario.gpuRack}`);
    expect(kinds).toContain(`cdu_flow_low:${scenario.lowFlowCdu}`);
    expect(kinds).toContain(`cdu_delta_t_high:${scenario.lowFlowCdu}`);
    const silent = findings.find((f) => f.kind === 'sensor_silent');
    expect(silent?.target).toBe(scenario.silentSensor);
    expect(silent?.value).toBe(30 * 60);
    expect(silent?.threshold).toBe(3 * 60);
    // No rack is near slowdown by itself: the 85 °C GPU shares a rack with the 90 °C one, which wins.
    expect(findings.some((f) => f.kind === 'gpu_near_slowdown')).toBe(false);
    expect(findings[0]?.severity).toBe('critical');
    const firstWarning = findings.findIndex((f) => f.severity === 'warning');
    expect(findings.slice(firstWarning).every((f) => f.severity === 'warning')).toBe(true);
    const allowable = findings.find((f) => f.kind === 'inlet_above_allowable');
    expect(allowable).toMatchObject({ value: 36.5, threshold: 32, unit: '°C' });
  });

  it('balances the CDU’s heat against its loop’s rack power', async () => {
    const { ctx, roomId, scenario } = setup();
    const { loops } = await callLocal(ctx, 'heatmap.loops', { roomId });
    const loop = loops.find((l) => l.cdu === scenario.lowFlowCdu);
    expect(loop?.medium).toBe('pg25');
    expect(loop?.deltaTK).toBe(25);
    expect(loop?.rackPowerKw).toBe(loop ? loop.racksWithPower * 30 : -1);
    // 40 % of the 10 K design flow at 25 K: ṁ·cp·ΔT = 0.4 × 25/10 = 100 % of the load.
    expect(loop?.heatCarriedKw).toBeCloseTo(loop?.expectedHeatKw ?? 0, 6);
    expect(loop?.flowLpm).toBeLessThan(loop?.requiredFlowLpm ?? 0);
  });

  it('lowers a threshold and the finding follows', async () => {
    const { ctx, roomId } = setup();
    await callLocal(ctx, 'heatmap.thresholds.set', { roomId, unit: 'F', values: { inletRecommendedMaxC: 71.6 } });
    const { findings } = await callLocal(ctx, 'heatmap.findings', { roomId });
    const warm = findings.filter((f) => f.kind === 'inlet_above_recommended');
    expect(warm.length).toBeGreaterThan(1);
    expect(warm.every((f) => f.threshold === 22)).toBe(true);
  });

  it('reads each target’s value at T with one primary-key range per target', () => {
    const { ctx } = setup();
    const plan = ctx.db.prepare(`EXPLAIN QUERY PLAN ${VALUES_AT_SQL}`).all('[1,2,3]', 1, 0, 1) as Array<{ detail: string }>;
    const details = plan.map((p) => p.detail).join('\n');
    expect(details).toMatch(/SCAN j VIRTUAL TABLE/);
    // telemetry_readings is a view (migration 014) flattened into the query: the range is on its table.
    expect(details).toMatch(/SEARCH telemetry_readings_all USING PRIMARY KEY \(metric_id=\? AND target_id=\? AND ts>\? AND ts<\?\)/);
    expect(details).not.toMatch(/SCAN (r|telemetry_readings_all)\b/);
  });

  it('answers an empty frame for a room without telemetry', () => {
    const { ctx } = setup();
    const quiet = ctx.db.prepare("SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'ODN1'").pluck().get() as number;
    const frame = heatmapFrame(ctx.db, quiet, { metric: 'inlet' });
    expect(frame.at).toBeNull();
    expect(frame.range.stops).toEqual([]);
    expect(frame.racks).toEqual([]);
    expect(frame.min).toBeNull();
    expect(heatmapFindings(ctx.db, quiet).findings).toEqual([]);
  });
});
