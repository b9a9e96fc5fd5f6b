import { FLOOR_THEME } from '../../app/render/floor-scene';
import { drawStatic, type MapView, type PreparedScene, type Underlay } from './draw';

/**
 * The map's static layer (floor, grid, underlay, aisles, racks, fronts, sensors, labels) cached in an
 * offscreen bitmap a little larger than the visible canvas. Drawing 5,000 racks and their labels costs a
 * software rasteriser (Chromium with --disable-gpu) tens of milliseconds; copying one bitmap costs a few.
 *
 * At rest the layer is drawn at exactly the visible view and copied 1:1 on whole device pixels, so text
 * stays as crisp as drawing it directly. During a pan or zoom the same bitmap is moved and scaled; it is
 * redrawn when the scale strays beyond MAX_STRETCH or the room in view leaves the bitmap, and the canvas
 * controller redraws it crisp once the gesture settles.
 */

/** Extra bitmap on each side, as a share of the canvas: a pan of that much needs no redraw. */
const MARGIN_SHARE = 0.2;
/** How far the bitmap may be scaled before it is redrawn (beyond 2× it looks blurred, below ½ it drops detail). */
const MAX_STRETCH = 2;
/** Row names stand left of and above the room: this much around it has to be covered too, CSS px. */
const CONTENT_PAD_PX = 48;

export class StaticLayer {
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private valid = false;
  /** Drawn with the racks' names (at rest), or without them (mid-gesture, to keep the frame short). */
  private complete = false;
  /** The view of the visible canvas the bitmap was drawn for. */
  private drawnK = 0;
  private drawnX = 0;
  private drawnY = 0;
  private drawnDpr = 0;
  /** Margins around the visible area, device px (whole pixels, so a 1:1 copy stays on the pixel grid). */
  private marginX = 0;
  private marginY = 0;
  private screenWidth = 0;
  private screenHeight = 0;

  constructor() {
    this.canvas = document.createElement('canvas');
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('This display cannot draw on a canvas.');
    this.ctx = ctx;
  }

  /** The data, colouring or underlay changed: the next frame draws the layer afresh. */
  invalidate(): void {
    this.valid = false;
  }

  /** The visible canvas is now width × height device pixels. */
  resize(width: number, height: number): void {
    if (width === this.screenWidth && height === this.screenHeight) return;
    this.screenWidth = width;
    this.screenHeight = height;
    this.marginX = Math.round(width * MARGIN_SHARE);
    this.marginY = Math.round(height * MARGIN_SHARE);
    this.canvas.width = width + this.marginX * 2;
    this.canvas.height = height + this.marginY * 2;
    this.valid = false;
  }

  /** Fills the bitmap and the visible canvas with the background (allocating both), before any data. */
  prime(ctx: CanvasRenderingContext2D): void {
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.fillStyle = FLOOR_THEME.background;
    this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.valid = false;
    this.copyExact(ctx);
  }

  /**
   * Puts the static layer for `view` on the visible canvas: the cached bitmap as it is, moved and scaled
   * when `moving` allows it, or drawn afresh. Returns whether it was drawn afresh.
   */
  composite(ctx: CanvasRenderingContext2D, prepared: PreparedScene, view: MapView, underlay: Underlay | null, moving: boolean): boolean {
    const current = this.valid && view.dpr === this.drawnDpr;
    if (current && (moving || this.complete) && view.k === this.drawnK && view.x === this.drawnX && view.y === this.drawnY) {
      this.copyExact(ctx);
      return false;
    }
    if (current && moving && this.copyStretched(ctx, prepared, view)) return false;
    // Mid-zoom the layer is drawn without the racks' names (thousands of them, at a size that is stale a
    // frame later); they come back when the gesture settles. A pan keeps them: same size, glyphs cached.
    const panning = this.valid && view.k === this.drawnK;
    this.render(prepared, view, underlay, !moving || (panning && this.complete));
    this.copyExact(ctx);
    return true;
  }

  private render(prepared: PreparedScene, view: MapView, underlay: Underlay | null, complete: boolean): void {
    const { dpr } = view;
    const layerView: MapView = {
      k: view.k,
      x: view.x + this.marginX / dpr,
      y: view.y + this.marginY / dpr,
      width: this.canvas.width / dpr,
      height: this.canvas.height / dpr,
      dpr,
    };
    drawStatic(this.ctx, prepared, layerView, underlay, complete);
    this.valid = true;
    this.complete = complete;
    this.drawnK = view.k;
    this.drawnX = view.x;
    this.drawnY = view.y;
    this.drawnDpr = dpr;
  }

  private copyExact(ctx: CanvasRenderingContext2D): void {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.canvas, -this.marginX, -this.marginY);
  }

  /** Draws the bitmap moved and scaled to `view`; false (nothing drawn) when it would not do. */
  private copyStretched(ctx: CanvasRenderingContext2D, prepared: PreparedScene, view: MapView): boolean {
    const { dpr } = view;
    const s = view.k / this.drawnK;
    if (s > MAX_STRETCH || s < 1 / MAX_STRETCH) return false;
    // Where the bitmap's top-left corner lands on the canvas, device px: a tile point sits at
    // (drawn.x·dpr + margin) + p·drawn.k·dpr in the bitmap and at view.x·dpr + p·view.k·dpr on screen.
    let dx = view.x * dpr - (this.drawnX * dpr + this.marginX) * s;
    let dy = view.y * dpr - (this.drawnY * dpr + this.marginY) * s;
    if (s === 1) {
      // A pure pan: stay on whole device pixels, so the copy is not resampled (and not blurred).
      dx = Math.round(dx);
      dy = Math.round(dy);
    }
    const dw = this.canvas.width * s;
    const dh = this.canvas.height * s;

    // The room (and its row names) in view must lie inside the bitmap; empty floor around it is background.
    const pad = CONTENT_PAD_PX * dpr;
    const left = Math.max(0, view.x * dpr - pad);
    const top = Math.max(0, view.y * dpr - pad);
    const right = Math.min(this.screenWidth, (view.x + prepared.scene.widthTiles * view.k) * dpr + pad);
    const bottom = Math.min(this.screenHeight, (view.y + prepared.scene.depthTiles * view.k) * dpr + pad);
    const roomInView = left < right && top < bottom;
    if (roomInView && (left < dx - 1 || top < dy - 1 || right > dx + dw + 1 || bottom > dy + dh + 1)) return false;

    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (dx > 0 || dy > 0 || dx + dw < this.screenWidth || dy + dh < this.screenHeight) {
      ctx.fillStyle = FLOOR_THEME.background;
      ctx.fillRect(0, 0, this.screenWidth, this.screenHeight);
    }
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'low';
    ctx.drawImage(this.canvas, dx, dy, dw, dh);
    return true;
  }
}
