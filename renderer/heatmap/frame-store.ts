import type { TileRect } from '../../app/floor/geometry';
import { metricScale } from '../../app/heatmap/colouring';
import type { HeatmapFrame } from '../../app/heatmap/types';
import { api } from '../api/client';
import type { FieldClient } from './field-client';
import type { FieldResult } from './worker-protocol';

/**
 * Frames of the time slider, fetched and turned into painted fields ahead of the technician: the stop
 * on screen first, then outwards from it, two at a time. Each ready frame keeps the core's answer
 * (every rack's state, so switching metric needs no new request), the field's raw values, its isolines
 * and a small canvas with one pixel per cell, so showing a stop again is a single drawImage. Memory is
 * bounded by evicting the stops farthest from the one on screen.
 */
export interface ReadyFrame {
  readonly index: number;
  readonly frame: HeatmapFrame;
  readonly field: FieldResult | null;
  /** The painted field, cols × rows pixels; null when the frame has no inlet readings. */
  readonly image: HTMLCanvasElement | null;
}

/** Opacity of the painted field over the floor (0..255): strong enough to read, the grid still shows. */
export const FIELD_ALPHA = 225;
/** How many requests to the core are in flight at once while prefetching. */
const PREFETCH_CONCURRENCY = 2;
/** Keep at most this many bytes of painted fields (RGBA, 4 bytes a cell). */
const CACHE_BYTES = 96 * 1024 * 1024;

export interface FrameStoreOptions {
  readonly roomId: number;
  readonly stops: readonly number[];
  readonly closed: readonly TileRect[];
  readonly maskKey: string;
  readonly client: FieldClient;
  /** A frame became ready (for the stop on screen, or prefetched). */
  readonly onReady: (ready: ReadyFrame) => void;
  readonly onError: (message: string) => void;
}

function paint(result: FieldResult): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = result.cols;
  canvas.height = result.rows;
  const ctx = canvas.getContext('2d');
  if (ctx) ctx.putImageData(new ImageData(new Uint8ClampedArray(result.rgba), result.cols, result.rows), 0, 0);
  return canvas;
}

export class FrameStore {
  private readonly ready = new Map<number, ReadyFrame>();
  private readonly pending = new Set<number>();
  private readonly failed = new Set<number>();
  private focus = 0;
  private inFlight = 0;
  private closed = false;
  private bytes = 0;
  /** Bytes of one painted frame, once known; bounds how far ahead prefetching reaches. */
  private frameBytes = 0;

  constructor(private readonly options: FrameStoreOptions) {}

  get(index: number): ReadyFrame | undefined {
    return this.ready.get(index);
  }

  /** How many stops are ready, for the slider's "cached" bar. */
  get readyCount(): number {
    return this.ready.size;
  }

  isReady(index: number): boolean {
    return this.ready.has(index);
  }

  /** The stop on screen: fetched first, and prefetching spreads out from it. */
  setFocus(index: number): void {
    this.focus = index;
    this.pump();
  }

  dispose(): void {
    this.closed = true;
    this.ready.clear();
  }

  private next(): number | null {
    const n = this.options.stops.length;
    // Reach no further than half the cache holds on each side, so prefetching never evicts what it just fetched.
    const reach = this.frameBytes > 0 ? Math.max(1, Math.floor(CACHE_BYTES / this.frameBytes / 2)) : n;
    for (let d = 0; d < Math.min(n, reach); d++) {
      for (const i of d === 0 ? [this.focus] : [this.focus + d, this.focus - d]) {
        if (i < 0 || i >= n) continue;
        if (!this.ready.has(i) && !this.pending.has(i) && !this.failed.has(i)) return i;
      }
    }
    return null;
  }

  private pump(): void {
    while (!this.closed && this.inFlight < PREFETCH_CONCURRENCY) {
      const index = this.next();
      if (index === null) return;
      this.pending.add(index);
      this.inFlight++;
      this.load(index)
        .catch((error: unknown) => {
          this.failed.add(index);
          if (!this.closed) this.options.onError(error instanceof Error ? error.message : String(error));
        })
        .finally(() => {
          this.pending.delete(index);
          this.inFlight--;
          this.pump();
        });
    }
  }

  private async load(index: number): Promise<void> {
    const at = this.options.stops[index];
    if (at === undefined) return;
    const frame = await api.call('heatmap.frame', { roomId: this.options.roomId, metric: 'inlet', at });
    if (this.closed) return;
    let field: FieldResult | null = null;
    if (frame.points.values.length > 0) {
      const scale = metricScale('inlet', frame.thresholds);
      field = await this.options.client.compute({
        widthTiles: frame.room.widthTiles,
        depthTiles: frame.room.depthTiles,
        cellsPerTile: frame.field.cellsPerTile,
        radiusTiles: frame.field.radiusTiles,
        maskKey: this.options.maskKey,
        closed: this.options.closed,
        xs: Float64Array.from(frame.points.xs),
        ys: Float64Array.from(frame.points.ys),
        values: Float64Array.from(frame.points.values),
        stops: scale.stops,
        lo: scale.lo,
        hi: scale.hi,
        levels: 'auto',
        alpha: FIELD_ALPHA,
      });
    }
    if (this.closed) return;
    const ready: ReadyFrame = { index, frame, field, image: field ? paint(field) : null };
    this.ready.set(index, ready);
    this.frameBytes = field ? field.cols * field.rows * 4 : this.frameBytes;
    this.bytes += field ? field.cols * field.rows * 4 : 0;
    this.evict();
    this.options.onReady(ready);
  }

  private evict(): void {
    while (this.bytes > CACHE_BYTES && this.ready.size > 1) {
      let far = -1;
      for (const i of this.ready.keys()) if (far < 0 || Math.abs(i - this.focus) > Math.abs(far - this.focus)) far = i;
      const gone = this.ready.get(far);
      this.ready.delete(far);
      this.bytes -= gone?.field ? gone.field.cols * gone.field.rows * 4 : 0;
      // Evicted stops may be fetched again when the slider comes back; they are not failures.
    }
  }
}
