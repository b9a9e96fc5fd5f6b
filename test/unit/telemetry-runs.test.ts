import { describe, expect, it } from 'vitest';
import { SortedRuns, type ReadingArrays } from '../../app/telemetry/store/runs';

function arrays(n: number): ReadingArrays {
  return { metric: new Int32Array(n), target: new Int32Array(n), ts: new Float64Array(n), value: new Float64Array(n) };
}

/** A run as the writer spills it: readings in file order, and the order that sorts them by (metric, target). */
function run(readings: ReadonlyArray<[number, number, number, number]>): { source: ReadingArrays; order: Int32Array } {
  const source = arrays(readings.length);
  readings.forEach(([m, t, ts, v], i) => {
    source.metric[i] = m;
    source.target[i] = t;
    source.ts[i] = ts;
    source.value[i] = v;
  });
  const order = Int32Array.from(readings.map((_, i) => i).sort((a, b) => (source.metric[a]! - source.metric[b]!) || (source.target[a]! - source.target[b]!) || a - b));
  return { source, order };
}

describe('the external sort of an import’s readings', () => {
  it('merges runs by (metric, target), keeping file order within a series, across runs and block refills', () => {
    const runs = new SortedRuns();
    const rows: Array<[number, number, number, number]> = [];
    // Three runs, each a time step over 3 metrics × 700 targets (more than one merge block per run).
    for (let step = 0; step < 3; step++) {
      const readings: Array<[number, number, number, number]> = [];
      for (let t = 699; t >= 0; t--) for (const m of [3, 1, 2]) readings.push([m, t, 1000 - step, step * 10_000 + t * 10 + m]);
      rows.push(...readings);
      const { source, order } = run(readings);
      runs.spill(source, order, readings.length, arrays(readings.length));
    }
    const merger = runs.merger();
    const out = arrays(rows.length);
    let n = 0;
    // Small steps: a series may be cut between two calls, as between two write buffers.
    while (!merger.done) n += merger.next({ metric: out.metric.subarray(n), target: out.target.subarray(n), ts: out.ts.subarray(n), value: out.value.subarray(n) }, 997);
    merger.close();
    runs.dispose();
    expect(n).toBe(rows.length);
    const expected = rows.map((r, i) => ({ r, i })).sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i).map(({ r }) => r);
    const got = Array.from({ length: n }, (_, i): [number, number, number, number] => [out.metric[i]!, out.target[i]!, out.ts[i]!, out.value[i]!]);
    expect(got).toEqual(expected);
  });

  it('puts the first of two equal readings of different runs first, so the first in the file is the one stored', () => {
    const runs = new SortedRuns();
    for (const value of [1.5, 2.5]) {
      const { source, order } = run([[1, 7, 60_000, value], [1, 3, 60_000, value]]);
      runs.spill(source, order, 2, arrays(2));
    }
    const merger = runs.merger();
    const out = arrays(4);
    expect(merger.next(out, 4)).toBe(4);
    merger.close();
    runs.dispose();
    expect([...out.target]).toEqual([3, 3, 7, 7]);
    expect([...out.value]).toEqual([1.5, 2.5, 1.5, 2.5]);
  });
});
