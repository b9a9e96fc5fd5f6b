import { makeScale, paintField } from '../../app/heatmap/color';
import { fieldIsolines, isolineLevels } from '../../app/heatmap/contours';
import { fieldScratch, gridSize, interpolateField, type FieldScratch } from '../../app/heatmap/field';
import { floorMask } from '../../app/heatmap/mask';
import type { FieldJob, FieldResult } from './worker-protocol';

/**
 * One frame of the field: interpolate, paint through the colour scale, trace isolines. Runs inside the
 * Web Worker (worker.ts) and, when a worker cannot start, on the main thread; it keeps its mask and
 * scratch buffers between frames so scrubbing the slider allocates only the result it hands over.
 */
export class FieldComputer {
  private maskKey = '';
  private mask: Uint8Array | null = null;
  private scratch: FieldScratch | null = null;

  compute(job: FieldJob): FieldResult {
    const started = performance.now();
    const spec = { widthTiles: job.widthTiles, depthTiles: job.depthTiles, cellsPerTile: job.cellsPerTile, radiusTiles: job.radiusTiles };
    const { cols, rows } = gridSize(spec);
    const maskKey = `${job.maskKey}|${cols}x${rows}`;
    if (maskKey !== this.maskKey || !this.mask) {
      this.mask = floorMask(spec, job.closed);
      this.maskKey = maskKey;
    }
    if (!this.scratch || this.scratch.sums.length !== cols * rows * 2) this.scratch = fieldScratch(cols * rows);
    const field = interpolateField(spec, { xs: job.xs, ys: job.ys, values: job.values, count: job.values.length }, this.mask, undefined, this.scratch);
    const fieldMs = performance.now() - started;
    const rgba = paintField(field.values, makeScale(job.stops, job.lo, job.hi), new Uint8ClampedArray(cols * rows * 4), job.alpha);
    const levels = job.levels === 'auto' ? isolineLevels(field.min, field.max) : job.levels;
    const isolines = fieldIsolines(field, levels).filter((line) => line.path !== '');
    return { id: job.id, cols, rows, cellsPerTile: job.cellsPerTile, rgba, values: field.values, min: field.min, max: field.max, isolines, fieldMs, totalMs: performance.now() - started };
  }
}
