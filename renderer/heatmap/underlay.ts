import type { MapView, Underlay } from '../floor/draw';
import type { ReadyFrame } from './frame-store';

/** Isolines: a thin dark line, readable over every band colour. */
const ISOLINE_COLOR = 'rgba(11, 14, 18, 0.55)';
const ISOLINE_WIDTH_PX = 1;

/** Parsed isoline paths per frame, so a redraw (pan, zoom, hover) does not parse SVG path text again. */
const pathCache = new WeakMap<ReadyFrame, Path2D[]>();

function isolinePaths(ready: ReadyFrame): Path2D[] {
  let paths = pathCache.get(ready);
  if (!paths) {
    paths = (ready.field?.isolines ?? []).map((line) => new Path2D(line.path));
    pathCache.set(ready, paths);
  }
  return paths;
}

/**
 * The heatmap as the floor map's underlay (the floor developer's hook in renderer/floor/draw.ts): the
 * painted field stretched over the room with bilinear smoothing, then the isolines in tile units.
 */
export function fieldUnderlay(ready: ReadyFrame, options: { isolines: boolean }): Underlay {
  return (ctx: CanvasRenderingContext2D, view: MapView) => {
    const field = ready.field;
    const image = ready.image;
    if (!field || !image) return;
    const tiles = { w: field.cols / field.cellsPerTile, h: field.rows / field.cellsPerTile };
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'medium';
    ctx.drawImage(image, view.x, view.y, tiles.w * view.k, tiles.h * view.k);
    if (!options.isolines || field.isolines.length === 0) return;
    ctx.translate(view.x, view.y);
    ctx.scale(view.k, view.k);
    ctx.strokeStyle = ISOLINE_COLOR;
    ctx.lineWidth = ISOLINE_WIDTH_PX / view.k;
    for (const path of isolinePaths(ready)) ctx.stroke(path);
  };
}
