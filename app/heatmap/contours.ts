import { contours } from 'd3';
import type { Field } from './field';

/**
 * Isolines and filled isobands of a field with d3-contour (marching squares, linearly interpolated
 * between cell centres). Unknown cells (NaN) count as below every level, so lines stop at racks, at the
 * room's edge and where no reading reaches. Output is SVG path data in TILE coordinates, so the same
 * strings draw on the canvas (Path2D) and in the SVG export at any zoom.
 */

export interface Isoline {
  readonly value: number;
  /** SVG path data, tile units. Empty when the level does not occur. */
  readonly path: string;
}

/** A readable spacing for isolines across a span of degrees: 0.5, 1, 2 or 5. */
export function isolineStep(spanC: number): number {
  if (!(spanC > 0)) return 1;
  if (spanC <= 6) return 0.5;
  if (spanC <= 15) return 1;
  if (spanC <= 40) return 2;
  return 5;
}

/** Levels strictly inside (min, max), multiples of step. */
export function isolineLevels(min: number, max: number, step = isolineStep(max - min)): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return [];
  const levels: number[] = [];
  for (let v = Math.floor(min / step) * step + step; v < max; v += step) levels.push(Math.round(v * 1000) / 1000);
  return levels;
}

type Ring = number[][];

function ringsToPath(polygons: Ring[][], scale: number): string {
  let d = '';
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i] as number[];
        const x = Math.round(((p[0] as number) / scale) * 1000) / 1000;
        const y = Math.round(((p[1] as number) / scale) * 1000) / 1000;
        d += `${i === 0 ? 'M' : 'L'}${x} ${y}`;
      }
      d += 'Z';
    }
  }
  return d;
}

/**
 * The outline of the region where the field is ≥ each level. d3-contour puts cell i's value at the
 * square [i, i + 1]; the field's cell centres are at (i + 0.5) / cellsPerTile tiles, so dividing the
 * contour coordinates by cellsPerTile lands them on tiles.
 */
export function fieldContours(field: Field, levels: readonly number[]): Isoline[] {
  if (levels.length === 0 || field.cols < 2 || field.rows < 2) return levels.map((value) => ({ value, path: '' }));
  const generator = contours().size([field.cols, field.rows]).thresholds([...levels]);
  return generator(field.values as unknown as number[]).map((c) => ({ value: c.value, path: ringsToPath(c.coordinates as unknown as Ring[][], field.cellsPerTile) }));
}

/** Isolines are traced on at most this many cells: beyond it the field is averaged down first. */
export const ISOLINE_MAX_CELLS = 40_000;

/**
 * The field averaged over blocks of factor × factor cells, for tracing isolines on a large grid at a
 * fraction of the cost (lines a few cells apart are smooth anyway). A block is unknown when most of its
 * cells are.
 */
export function downsampleField(field: Field, factor: number): Field {
  if (factor <= 1) return field;
  const cols = Math.ceil(field.cols / factor);
  const rows = Math.ceil(field.rows / factor);
  const values = new Float32Array(cols * rows);
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      let known = 0;
      let total = 0;
      for (let y = r * factor; y < Math.min(field.rows, (r + 1) * factor); y++) {
        for (let x = c * factor; x < Math.min(field.cols, (c + 1) * factor); x++) {
          const v = field.values[y * field.cols + x] as number;
          total++;
          if (v === v) {
            sum += v;
            known++;
          }
        }
      }
      const value = known * 2 > total ? sum / known : Number.NaN;
      values[r * cols + c] = value;
      if (value === value) {
        if (value < min) min = value;
        if (value > max) max = value;
      }
    }
  }
  return { cols, rows, cellsPerTile: field.cellsPerTile / factor, values, min: min === Infinity ? Number.NaN : min, max: max === -Infinity ? Number.NaN : max };
}

/** Isolines of a field of any size, traced on an averaged-down copy when it has more than ISOLINE_MAX_CELLS. */
export function fieldIsolines(field: Field, levels: readonly number[]): Isoline[] {
  const factor = Math.ceil(Math.sqrt((field.cols * field.rows) / ISOLINE_MAX_CELLS));
  return fieldContours(factor > 1 ? downsampleField(field, factor) : field, levels);
}
