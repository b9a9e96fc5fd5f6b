import { afterEach, describe, expect, it } from 'vitest';
import { callLocal } from '../../app/api/dispatch';
import { defaultThresholds, fromStoredUnit, thresholdsProblem, toStoredUnit } from '../../app/heatmap/thresholds';
import { celsiusToFahrenheit, fahrenheitDeltaToKelvin, fahrenheitToCelsius } from '../../app/heatmap/units';
import { readThresholds, setThresholds } from '../../app/heatmap/threshold-store';
import { testDb } from '../support/db';

describe('threshold units', () => {
  it('converts absolute temperatures with the offset and differences without it', () => {
    expect(fahrenheitToCelsius(80.6)).toBeCloseTo(27, 10);
    expect(fahrenheitToCelsius(32)).toBe(0);
    expect(celsiusToFahrenheit(27)).toBeCloseTo(80.6, 10);
    // A 20 °F ΔT is 11.1 K, never −6.7.
    expect(fahrenheitDeltaToKelvin(20)).toBeCloseTo(11.111, 3);
    expect(fahrenheitDeltaToKelvin(9)).toBe(5);
  });

  it('stores °F input per key kind: temperature with offset, ΔT × 5/9, the rest unchanged', () => {
    expect(toStoredUnit('inletRecommendedMaxC', 80.6, 'F')).toBe(27);
    expect(toStoredUnit('gpuMaxOperatingC', 188.6, 'F')).toBe(87);
    expect(toStoredUnit('gpuSlowdownMarginK', 9, 'F')).toBe(5);
    expect(toStoredUnit('cduDeltaTMaxK', 27, 'F')).toBe(15);
    expect(toStoredUnit('cduHeatBalanceTolerancePct', 20, 'F')).toBe(20);
    expect(toStoredUnit('stalenessS', 600, 'F')).toBe(600);
    expect(toStoredUnit('inletRecommendedMaxC', 26.5, 'C')).toBe(26.5);
    expect(fromStoredUnit('inletRecommendedMaxC', 27, 'F')).toBe(80.6);
    expect(fromStoredUnit('gpuSlowdownMarginK', 5, 'F')).toBe(9);
  });

  it('defaults follow the room class and the Hopper limits', () => {
    expect(defaultThresholds('A1')).toMatchObject({ inletRecommendedMaxC: 27, inletAllowableMaxC: 32, gpuMaxOperatingC: 87, gpuSlowdownC: 89, gpuShutdownC: 92, hbmMaxC: 95, gpuSlowdownMarginK: 5 });
    expect(defaultThresholds('H1')).toMatchObject({ inletRecommendedMaxC: 22, inletAllowableMinC: 5, inletAllowableMaxC: 25 });
    expect(thresholdsProblem(defaultThresholds('A4'))).toBeNull();
  });

  it('refuses an inconsistent set with the key at fault', () => {
    expect(thresholdsProblem({ ...defaultThresholds('A1'), inletRecommendedMaxC: 33 })?.key).toBe('inletAllowableMaxC');
    expect(thresholdsProblem({ ...defaultThresholds('A1'), gpuSlowdownC: 80 })?.key).toBe('gpuSlowdownC');
    expect(thresholdsProblem({ ...defaultThresholds('A1'), silentFactor: 0.5 })?.message).toMatch(/between 1\.1 and 1000/);
  });
});

describe('room thresholds in the database', () => {
  let cleanup = (): void => undefined;
  afterEach(() => cleanup());

  function setup(): { db: ReturnType<typeof testDb>['db']; roomId: number } {
    const t = testDb({ demoAccelerators: 64 });
    cleanup = t.cleanup;
    const roomId = t.db.prepare("SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'PHX1'").pluck().get() as number;
    return { db: t.db, roomId };
  }

  it('reads the class defaults for a room that sets nothing', () => {
    const { db, roomId } = setup();
    const read = readThresholds(db, roomId);
    expect(read.ashraeClass).toBe('A2');
    expect(read.thresholds.inletAllowableMaxC).toBe(35);
    expect(read.rows.every((r) => !r.custom)).toBe(true);
  });

  it('stores °F input as °C and K, logs the change, and resets to the default with null', async () => {
    const { db, roomId } = setup();
    const ctx = { db, dbPath: ':memory:', actor: 'tester' };
    const after = await callLocal(ctx, 'heatmap.thresholds.set', { roomId, unit: 'F', values: { inletRecommendedMaxC: 78.8, cduDeltaTMaxK: 18 }, reason: 'tighter SLA' });
    expect(after.thresholds.inletRecommendedMaxC).toBe(26);
    expect(after.thresholds.cduDeltaTMaxK).toBe(10);
    expect(after.rows.find((r) => r.key === 'inletRecommendedMaxC')?.custom).toBe(true);
    const entry = db.prepare("SELECT actor, reason, before, after FROM change_log WHERE entity = 'room' AND entity_id = ? ORDER BY id DESC LIMIT 1").get(roomId) as { actor: string; reason: string; before: string; after: string };
    expect(entry.actor).toBe('tester');
    expect(entry.reason).toBe('tighter SLA');
    expect(JSON.parse(entry.after)).toEqual({ thresholds: { inletRecommendedMaxC: 26, cduDeltaTMaxK: 10 } });
    expect(JSON.parse(entry.before)).toEqual({ thresholds: { inletRecommendedMaxC: 27, cduDeltaTMaxK: 15 } });

    const reset = setThresholds(db, { roomId, unit: 'C', values: { inletRecommendedMaxC: null } }, 'tester');
    expect(reset.thresholds.inletRecommendedMaxC).toBe(27);
    expect(reset.rows.find((r) => r.key === 'inletRecommendedMaxC')?.custom).toBe(false);
    expect(reset.thresholds.cduDeltaTMaxK).toBe(10);
  });

  it('writes nothing when the result would be inconsistent', async () => {
    const { db, roomId } = setup();
    const ctx = { db, dbPath: ':memory:', actor: 'tester' };
    const changes = db.prepare('SELECT count(*) FROM change_log').pluck().get() as number;
    await expect(callLocal(ctx, 'heatmap.thresholds.set', { roomId, unit: 'C', values: { gpuSlowdownMarginK: 3, gpuMaxOperatingC: 95 } })).rejects.toMatchObject({ field: 'values.gpuSlowdownC' });
    expect(db.prepare('SELECT count(*) FROM room_thresholds').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM change_log').pluck().get()).toBe(changes);
    await expect(callLocal(ctx, 'heatmap.thresholds.set', { roomId, unit: 'C', values: { nonsense: 1 } })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
