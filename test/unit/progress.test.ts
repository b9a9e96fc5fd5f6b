import { describe, expect, it } from 'vitest';
import { MIN_EVENT_INTERVAL_MS, Progress, type ProgressEvent } from '../../app/core/progress';

describe('Progress', () => {
  it('emits at most every MIN_EVENT_INTERVAL_MS and always the final event', () => {
    let now = 0;
    const events: ProgressEvent[] = [];
    const phase = new Progress((e) => events.push(e), () => now).phase('import', 1000);
    for (let i = 0; i < 1000; i++) {
      now += 1; // 1 ms per step: 1,000 steps over one second
      phase.tick();
    }
    phase.finish();
    expect(events.length).toBeLessThanOrEqual(1000 / MIN_EVENT_INTERVAL_MS + 2);
    expect(events.length).toBeGreaterThanOrEqual(5);
    expect(events.at(-1)).toMatchObject({ fraction: 1, done: 1000, total: 1000 });
  });

  it('never runs backwards across phases', () => {
    let now = 0;
    const fractions: number[] = [];
    const progress = new Progress((e) => fractions.push(e.fraction), () => now);
    const parse = progress.phase('parse', 10, 0.5);
    for (let i = 0; i < 10; i++) {
      now += 200;
      parse.tick();
    }
    parse.finish();
    // A phase declared to end below where we already are must not pull the bar back.
    const late = progress.phase('index', 4, 0.2);
    for (let i = 0; i < 4; i++) {
      now += 200;
      late.tick();
    }
    const write = progress.phase('write', 4, 1);
    for (let i = 0; i < 4; i++) {
      now += 200;
      write.tick();
    }
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] ?? 0);
    expect(fractions.at(-1)).toBe(1);
  });
});
