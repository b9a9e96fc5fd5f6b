import { describe, expect, it } from 'vitest';
import { fieldValueAt, gridSize, interpolateField, type FieldPoints } from '../../app/heatmap/field';
import { floorMask } from '../../app/heatmap/mask';
import { downsampleField, fieldContours, fieldIsolines, isolineLevels, isolineStep } from '../../app/heatmap/contours';

function points(list: ReadonlyArray<readonly [number, number, number]>): FieldPoints {
  return {
    xs: Float64Array.from(list.map((p) => p[0])),
    ys: Float64Array.from(list.map((p) => p[1])),
    values: Float64Array.from(list.map((p) => p[2])),
    count: list.length,
  };
}

/** w(d) = (R² − d²)² / d², the tapered inverse-square weight (field.ts). */
const w = (r: number, d: number): number => (r * r - d * d) ** 2 / (d * d);

describe('heatmap field interpolation', () => {
  it('sizes the grid from the room and the resolution', () => {
    expect(gridSize({ widthTiles: 100, depthTiles: 60, cellsPerTile: 5 })).toEqual({ cols: 500, rows: 300 });
  });

  it('one reading: exact on its cell, the same value within the radius, unknown beyond it', () => {
    const f = interpolateField({ widthTiles: 3, depthTiles: 1, cellsPerTile: 1, radiusTiles: 2, coverageTiles: 2 }, points([[0.5, 0.5, 20]]));
    expect(Array.from(f.values)).toEqual([20, 20, Number.NaN]);
    expect(f.min).toBe(20);
    expect(f.max).toBe(20);
  });

  it('two readings: equal distances average, exact cells keep their reading', () => {
    const f = interpolateField({ widthTiles: 4, depthTiles: 1, cellsPerTile: 1, radiusTiles: 3, coverageTiles: 3 }, points([[0.5, 0.5, 10], [2.5, 0.5, 20]]));
    // cell 1 is 1 tile from both; cell 3 is exactly R = 3 from A (weight 0) and 1 from B.
    expect(Array.from(f.values)).toEqual([10, 15, 20, 20]);
  });

  it('three readings at unequal distances give the hand-computed weighted mean', () => {
    const r = 4;
    const f = interpolateField({ widthTiles: 5, depthTiles: 1, cellsPerTile: 1, radiusTiles: r, coverageTiles: r }, points([[0.5, 0.5, 10], [4.5, 0.5, 30], [2.5, 0.5, 22]]));
    // cell 1: A at 1, C at 1, B at 3.
    const cell1 = (w(r, 1) * 10 + w(r, 1) * 22 + w(r, 3) * 30) / (2 * w(r, 1) + w(r, 3));
    expect(f.values[1]).toBeCloseTo(cell1, 4);
    // By hand: w(1) = 15² = 225, w(3) = 7² / 9 = 49/9; (2250 + 4950 + 163.33) / (450 + 5.444) = 16.1674.
    expect(cell1).toBeCloseTo(16.1674, 3);
    expect(f.values[2]).toBe(22);
    // cell 3: C at 1, B at 1, A at 3 — mirror image.
    const cell3 = (w(r, 1) * 22 + w(r, 1) * 30 + w(r, 3) * 10) / (2 * w(r, 1) + w(r, 3));
    expect(f.values[3]).toBeCloseTo(cell3, 4);
  });

  it('works in two dimensions and at finer resolution (cell centres at (i + 0.5) / cellsPerTile)', () => {
    // Room 2 × 1 tiles at 2 cells per tile: centres x = 0.25, 0.75, 1.25, 1.75; y = 0.25, 0.75.
    const r = 2;
    const f = interpolateField({ widthTiles: 2, depthTiles: 1, cellsPerTile: 2, radiusTiles: r, coverageTiles: r }, points([[0.25, 0.25, 18], [1.75, 0.75, 30]]));
    expect(f.cols).toBe(4);
    expect(f.rows).toBe(2);
    expect(f.values[0]).toBe(18);
    expect(f.values[7]).toBe(30);
    // Cell (1, 0) at (0.75, 0.25): 0.5 tiles from A; from B √(1² + 0.5²) = √1.25 tiles.
    const dB = Math.sqrt(1.25);
    const expected = (w(r, 0.5) * 18 + w(r, dB) * 30) / (w(r, 0.5) + w(r, dB));
    expect(f.values[1]).toBeCloseTo(expected, 4);
    expect(fieldValueAt(f, 0.8, 0.3)).toBeCloseTo(expected, 4);
  });

  it('coincident readings average, and a mask closes cells', () => {
    const mask = floorMask({ widthTiles: 3, depthTiles: 1, cellsPerTile: 1 }, [{ x: 1, y: 0, w: 1, h: 1 }]);
    expect(Array.from(mask)).toEqual([1, 0, 1]);
    const f = interpolateField({ widthTiles: 3, depthTiles: 1, cellsPerTile: 1, radiusTiles: 5 }, points([[0.5, 0.5, 20], [0.5, 0.5, 24]]), mask);
    expect(f.values[0]).toBe(22);
    expect(f.values[1]).toBeNaN();
    expect(f.values[2]).toBe(22);
  });

  it('masks only the cells whose centre lies under a rack, at any resolution', () => {
    const mask = floorMask({ widthTiles: 4, depthTiles: 2, cellsPerTile: 2 }, [{ x: 1, y: 0, w: 1, h: 2 }]);
    const row0 = Array.from(mask.slice(0, 8));
    expect(row0).toEqual([1, 1, 0, 0, 1, 1, 1, 1]);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(32 - 8);
  });

  it('ignores readings that are not numbers and leaves cells far from every reading unknown', () => {
    const f = interpolateField({ widthTiles: 10, depthTiles: 1, cellsPerTile: 1, radiusTiles: 1.5, coverageTiles: 1.5 }, points([[0.5, 0.5, Number.NaN], [9.5, 0.5, 25]]));
    expect(f.values[0]).toBeNaN();
    expect(f.values[9]).toBe(25);
    expect(f.values[8]).toBe(25);
    expect(f.values[7]).toBeNaN();
  });

  it('leaves cells beyond the coverage distance (half the radius by default) unknown, yet weighs readings up to the radius', () => {
    const r = 4;
    const f = interpolateField({ widthTiles: 5, depthTiles: 1, cellsPerTile: 1, radiusTiles: r }, points([[0.5, 0.5, 10], [4.5, 0.5, 30]]));
    // Cells 0–1 and 3–4 are within 2 tiles of a reading; cell 2 is 2 tiles from both: not < 2, unknown.
    expect(f.values[2]).toBeNaN();
    // Cell 1 is covered by A (1 tile) but B (3 tiles, inside R = 4) still weighs in.
    expect(f.values[1]).toBeCloseTo((w(r, 1) * 10 + w(r, 3) * 30) / (w(r, 1) + w(r, 3)), 4);
  });

  it('reuses the output buffer between frames', () => {
    const spec = { widthTiles: 2, depthTiles: 1, cellsPerTile: 1, radiusTiles: 3 };
    const first = interpolateField(spec, points([[0.5, 0.5, 20]]));
    const second = interpolateField(spec, points([[0.5, 0.5, 30]]), null, first.values);
    expect(second.values).toBe(first.values);
    expect(Array.from(second.values)).toEqual([30, 30]);
  });
});

describe('heatmap isolines', () => {
  it('picks a readable spacing and levels strictly inside the range', () => {
    expect(isolineStep(4)).toBe(0.5);
    expect(isolineStep(12)).toBe(1);
    expect(isolineStep(30)).toBe(2);
    expect(isolineLevels(20.2, 24.9, 1)).toEqual([21, 22, 23, 24]);
    expect(isolineLevels(20, 20)).toEqual([]);
  });

  it('traces the 25 °C line halfway between a 20 °C and a 30 °C column, in tile units', () => {
    // 4 × 2 cells at 2 cells per tile; left two columns 20 °C, right two 30 °C.
    const values = Float32Array.from([20, 20, 30, 30, 20, 20, 30, 30]);
    const [line] = fieldContours({ cols: 4, rows: 2, cellsPerTile: 2, values, min: 20, max: 30 }, [25]);
    expect(line?.value).toBe(25);
    // d3-contour puts cell i on [i, i + 1]; the crossing between cells 1 and 2 (centres 1.5, 2.5) is x = 2 cells = 1 tile.
    const xs = [...(line?.path ?? '').matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(xs.length).toBeGreaterThan(0);
    expect(Math.min(...xs)).toBeCloseTo(1, 5);
  });
});

describe('isolines on large fields', () => {
  it('averages blocks, and leaves a block unknown when most of it is', () => {
    const values = Float32Array.from([20, 22, Number.NaN, Number.NaN, 24, 26, Number.NaN, 30]);
    const coarse = downsampleField({ cols: 4, rows: 2, cellsPerTile: 2, values, min: 20, max: 30 }, 2);
    expect(coarse.cols).toBe(2);
    expect(coarse.rows).toBe(1);
    expect(coarse.cellsPerTile).toBe(1);
    expect(coarse.values[0]).toBe(23);
    expect(coarse.values[1]).toBeNaN();
    expect([coarse.min, coarse.max]).toEqual([23, 23]);
  });

  it('traces the same line on a large field as on its averaged copy, in tile units', () => {
    // 600 × 200 cells (beyond ISOLINE_MAX_CELLS): 20 °C on the left half, 30 °C on the right.
    const cols = 600;
    const rows = 200;
    const values = new Float32Array(cols * rows).map((_, i) => (i % cols < cols / 2 ? 20 : 30));
    const [line] = fieldIsolines({ cols, rows, cellsPerTile: 4, values, min: 20, max: 30 }, [25]);
    const xs = [...(line?.path ?? '').matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => Number(m[1]));
    // The step sits at cell 300 = 75 tiles; the averaged copy (factor 2) puts it at the same place.
    expect(Math.min(...xs)).toBeCloseTo(75, 5);
  });
});
