/** Messages between the heatmap view and its Web Worker (renderer/heatmap/worker.ts). Types only. */
import type { TileRect } from '../../app/floor/geometry';
import type { ColorStop } from '../../app/heatmap/color';
import type { Isoline } from '../../app/heatmap/contours';

export interface FieldJob {
  readonly id: number;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly cellsPerTile: number;
  readonly radiusTiles: number;
  /** Floor closed to the field (rack and cooling-unit footprints); `maskKey` names the set so the worker builds it once. */
  readonly maskKey: string;
  readonly closed: readonly TileRect[];
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly values: Float64Array;
  /** Colour scale of the field (stops and range), and the isoline levels to trace ('auto': by the field's span). */
  readonly stops: readonly ColorStop[];
  readonly lo: number;
  readonly hi: number;
  readonly levels: readonly number[] | 'auto';
  /** Opacity of the painted cells, 0..255. */
  readonly alpha: number;
}

export interface FieldResult {
  readonly id: number;
  readonly cols: number;
  readonly rows: number;
  readonly cellsPerTile: number;
  /** RGBA, one pixel per cell; transferred, not copied. */
  readonly rgba: Uint8ClampedArray;
  /** The raw field, °C (NaN where unknown); for hover read-outs. */
  readonly values: Float32Array;
  readonly min: number;
  readonly max: number;
  readonly isolines: readonly Isoline[];
  /** Time spent interpolating (ms), and in total including colour and isolines. */
  readonly fieldMs: number;
  readonly totalMs: number;
}

export interface FieldError {
  readonly id: number;
  readonly error: string;
}

export type WorkerReply = FieldResult | FieldError;

export function isFieldError(reply: WorkerReply): reply is FieldError {
  return 'error' in reply;
}
