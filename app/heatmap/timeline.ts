/**
 * The time slider's model. The imported range [first, last] is cut into buckets of a "nice" step (1 min …
 * 1 day) so there are at most MAX_BUCKETS of them; the slider stops at each bucket's end, aligned to the
 * step (…:00, …:15), and the last stop is at or after the last reading so every reading is reachable.
 *
 * The value of a target at time T is its latest reading at or before T, provided that reading is no
 * older than the staleness window: an inlet sensor that stopped at 10:00 does not stand for 14:00.
 */

export const MAX_BUCKETS = 240;

/** Steps the slider may use, ms. */
export const BUCKET_STEPS_MS: readonly number[] = [
  10_000, 30_000, 60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000, 30 * 60_000, 3_600_000, 2 * 3_600_000, 3 * 3_600_000,
  6 * 3_600_000, 12 * 3_600_000, 86_400_000, 2 * 86_400_000, 7 * 86_400_000,
];

/** The smallest nice step that cuts [firstMs, lastMs] into at most `maxBuckets` buckets. */
export function bucketStepMs(firstMs: number, lastMs: number, maxBuckets = MAX_BUCKETS): number {
  const span = Math.max(0, lastMs - firstMs);
  for (const step of BUCKET_STEPS_MS) {
    if (Math.ceil(span / step) + 1 <= maxBuckets) return step;
  }
  const last = BUCKET_STEPS_MS[BUCKET_STEPS_MS.length - 1] ?? 86_400_000;
  return Math.ceil(span / (maxBuckets - 1) / last) * last;
}

/**
 * The slider's stops: multiples of the step from the first one at or after `firstMs` to the first one at
 * or after `lastMs`. A single reading gives a single stop.
 */
export function bucketTimes(firstMs: number, lastMs: number, stepMs: number): number[] {
  const start = Math.ceil(firstMs / stepMs) * stepMs;
  const end = Math.ceil(lastMs / stepMs) * stepMs;
  const times: number[] = [];
  for (let t = start; t <= end; t += stepMs) times.push(t);
  return times;
}

/** The stop to show for a requested time: the first stop at or after it, clamped to the range. */
export function nearestStopIndex(times: readonly number[], atMs: number): number {
  if (times.length === 0) return -1;
  let lo = 0;
  let hi = times.length - 1;
  if (atMs <= (times[0] as number)) return 0;
  if (atMs >= (times[hi] as number)) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) < atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A target's value at time T from its readings (sorted by time): the latest at or before T, if it is at
 * most `stalenessMs` old; otherwise null.
 */
export function valueAt(
  readings: ReadonlyArray<{ readonly ts: number; readonly value: number }>,
  atMs: number,
  stalenessMs: number,
): { ts: number; value: number } | null {
  let lo = 0;
  let hi = readings.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((readings[mid] as { ts: number }).ts <= atMs) lo = mid + 1;
    else hi = mid;
  }
  const found = readings[lo - 1];
  if (!found || atMs - found.ts > stalenessMs) return null;
  return { ts: found.ts, value: found.value };
}
