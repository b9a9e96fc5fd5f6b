import { describe, expect, it } from 'vitest';
import { parseAt } from '../../app/heatmap/frame';
import { bucketStepMs, bucketTimes, MAX_BUCKETS, nearestStopIndex, valueAt } from '../../app/heatmap/timeline';

const MIN = 60_000;
const HOUR = 3_600_000;

describe('time slider model', () => {
  it('picks the smallest nice step that keeps the slider under the bucket limit', () => {
    expect(bucketStepMs(0, 60 * MIN)).toBe(30_000);
    expect(bucketStepMs(0, 24 * HOUR)).toBe(10 * MIN);
    expect(bucketStepMs(0, 7 * 24 * HOUR)).toBe(HOUR);
    const span = 7 * 24 * HOUR;
    expect(Math.ceil(span / bucketStepMs(0, span)) + 1).toBeLessThanOrEqual(MAX_BUCKETS);
  });

  it('aligns stops to the step and reaches past the last reading', () => {
    const t0 = Date.UTC(2026, 6, 14, 8, 3, 20);
    const t1 = Date.UTC(2026, 6, 14, 8, 31, 0);
    const stops = bucketTimes(t0, t1, 15 * MIN);
    expect(stops.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['08:15', '08:30', '08:45']);
    expect(bucketTimes(t0, t0, MIN)).toHaveLength(1);
  });

  it('finds the stop for a requested time', () => {
    const stops = [100, 200, 300];
    expect(nearestStopIndex(stops, 50)).toBe(0);
    expect(nearestStopIndex(stops, 200)).toBe(1);
    expect(nearestStopIndex(stops, 201)).toBe(2);
    expect(nearestStopIndex(stops, 999)).toBe(2);
    expect(nearestStopIndex([], 5)).toBe(-1);
  });

  it('takes the latest reading at or before T, within the staleness window', () => {
    const readings = [
      { ts: 1000, value: 20 },
      { ts: 2000, value: 21 },
      { ts: 3000, value: 25 },
    ];
    expect(valueAt(readings, 999, 500)).toBeNull();
    expect(valueAt(readings, 1000, 500)).toEqual({ ts: 1000, value: 20 });
    expect(valueAt(readings, 2999, 5000)).toEqual({ ts: 2000, value: 21 });
    expect(valueAt(readings, 3000, 0)).toEqual({ ts: 3000, value: 25 });
    // Stale: the last reading is 600 ms old, the window 500 ms.
    expect(valueAt(readings, 3600, 500)).toBeNull();
    expect(valueAt(readings, 3500, 500)).toEqual({ ts: 3000, value: 25 });
  });
});

describe('times a technician types', () => {
  it('reads a time without a zone as the hall’s wall clock, and one with a zone as an instant', () => {
    expect(new Date(parseAt('2026-07-14 08:15', 'America/Phoenix')).toISOString()).toBe('2026-07-14T15:15:00.000Z');
    expect(new Date(parseAt('2026-07-14T08:15', 'Europe/Dublin')).toISOString()).toBe('2026-07-14T07:15:00.000Z');
    expect(new Date(parseAt('2026-07-14T08:15:00Z', 'America/Phoenix')).toISOString()).toBe('2026-07-14T08:15:00.000Z');
    expect(new Date(parseAt('2026-07-14T08:15:00+02:00', 'America/Phoenix')).toISOString()).toBe('2026-07-14T06:15:00.000Z');
    expect(parseAt(1_784_000_000_000, 'UTC')).toBe(1_784_000_000_000);
    expect(() => parseAt('yesterday-ish', 'UTC')).toThrow(/is not a time/);
  });
});
