import type { TileRect } from '../../app/floor/geometry';
import { anchoredBox, placeWithoutOverlap, type LabelBox } from './label-placement';
import { approxTextWidth, FLOOR_THEME, FONT_SANS, MAJOR_GRID_TILES, rackLabelFor, type FloorScene, type SceneRack } from '../../app/render/floor-scene';

/**
 * Draws a floor scene on a 2D canvas. Everything is computed in screen (CSS) pixels from tile coordinates
 * and the view, and the context only carries the device-pixel ratio: text is laid out at its real size
 * at every zoom, so it stays crisp, and edges are snapped to device pixels. Racks are batched by colour
 * (one path per fill) and culled to the viewport, which keeps a 5,000-rack hall well inside a frame.
 */

/** Where the map is: screen = (x + tileX · k, y + tileY · k), in CSS pixels. */
export interface MapView {
  readonly k: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
}

export interface Ghost {
  readonly rect: TileRect;
  readonly front: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
  readonly label: string;
}

/** A layer drawn on the floor beneath aisles and racks (the cooling heatmap draws here). */
export type Underlay = (ctx: CanvasRenderingContext2D, view: MapView) => void;

export interface DrawState {
  readonly hoverId: number | null;
  readonly selected: ReadonlySet<number>;
  /** The rack open elsewhere in the console (highlighted across views). */
  readonly focusId: number | null;
  /** Racks being dragged: drawn faded at their old place. */
  readonly moving: ReadonlySet<number>;
  readonly ghosts: readonly Ghost[];
  /** Whether the ghosts may be dropped where they are. */
  readonly ghostsOk: boolean;
  /** Box selection in progress, screen px. */
  readonly box: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number } | null;
}

export const EMPTY_DRAW_STATE: DrawState = { hoverId: null, selected: new Set(), focusId: null, moving: new Set(), ghosts: [], ghostsOk: true, box: null };

/** A scene with what the canvas needs per frame worked out once: racks grouped by fill, label colours. */
export interface PreparedScene {
  readonly scene: FloorScene;
  readonly byFill: ReadonlyMap<string, readonly SceneRack[]>;
  readonly labelColor: ReadonlyMap<string, string>;
  readonly byId: ReadonlyMap<number, SceneRack>;
}

/** Dark text on light fills, light text on dark ones (relative luminance of the fill). */
export function labelColorFor(fill: string): string {
  const rgb = parseColor(fill);
  if (!rgb) return FLOOR_THEME.text;
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.28 ? '#0b0e12' : '#f5f8fb';
}

function parseColor(color: string): [number, number, number] | null {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex?.[1]) {
    const n = parseInt(hex[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return null;
}

export function prepareScene(scene: FloorScene): PreparedScene {
  const byFill = new Map<string, SceneRack[]>();
  const byId = new Map<number, SceneRack>();
  for (const rack of scene.racks) {
    const list = byFill.get(rack.fill);
    if (list) list.push(rack);
    else byFill.set(rack.fill, [rack]);
    byId.set(rack.id, rack);
  }
  const labelColor = new Map<string, string>();
  for (const fill of byFill.keys()) labelColor.set(fill, labelColorFor(fill));
  return { scene, byFill, labelColor, byId };
}

/** No text on the map is drawn smaller than this (a label that does not fit at it is left out). */
const MIN_MAP_FONT_PX = 12;
const font = (px: number, weight = 500): string => `${weight} ${px}px ${FONT_SANS}`;

/** Screen position helpers for one view: tile → CSS px, snapped to whole device pixels. */
interface Projection {
  readonly sx: (x: number) => number;
  readonly sy: (y: number) => number;
  readonly visible: (r: TileRect) => boolean;
}

function projection(view: MapView): Projection {
  const { k, dpr } = view;
  return {
    sx: (x) => Math.round((view.x + x * k) * dpr) / dpr,
    sy: (y) => Math.round((view.y + y * k) * dpr) / dpr,
    visible: (r) => view.x + (r.x + r.w) * k >= 0 && view.x + r.x * k <= view.width && view.y + (r.y + r.h) * k >= 0 && view.y + r.y * k <= view.height,
  };
}

/**
 * Everything that only changes with the data, the colouring, the underlay or the view: floor, grid,
 * underlay, aisles, walls, cooling units, racks, front markers, sensors and labels. Covers the whole
 * view.width × view.height area with the background first. Without `rackLabels` the racks' names (up to
 * thousands of them) are left out: that is what a frame in the middle of a pan or zoom draws.
 */
export function drawStatic(ctx: CanvasRenderingContext2D, prepared: PreparedScene, view: MapView, underlay: Underlay | null, rackLabels = true): void {
  const { scene } = prepared;
  const { k, dpr } = view;
  const { sx, sy, visible } = projection(view);

  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = FLOOR_THEME.background;
  ctx.fillRect(0, 0, view.width, view.height);

  // Floor and grid, only the visible part of it.
  const room: TileRect = { x: 0, y: 0, w: scene.widthTiles, h: scene.depthTiles };
  ctx.fillStyle = FLOOR_THEME.floor;
  ctx.fillRect(sx(0), sy(0), sx(room.w) - sx(0), sy(room.h) - sy(0));
  const x0 = Math.max(0, Math.floor(-view.x / k));
  const x1 = Math.min(scene.widthTiles, Math.ceil((view.width - view.x) / k));
  const y0 = Math.max(0, Math.floor(-view.y / k));
  const y1 = Math.min(scene.depthTiles, Math.ceil((view.height - view.y) / k));
  // Grid lines as one-device-pixel rectangles: filling is cheaper than stroking for a software rasteriser.
  const gridLines = (every: number, color: string): void => {
    const w = 1 / dpr;
    ctx.beginPath();
    for (let x = Math.ceil(x0 / every) * every; x <= x1; x += every) ctx.rect(sx(x), sy(y0), w, sy(y1) - sy(y0));
    for (let y = Math.ceil(y0 / every) * every; y <= y1; y += every) ctx.rect(sx(x0), sy(y), sx(x1) - sx(x0), w);
    ctx.fillStyle = color;
    ctx.fill();
  };
  if (k >= 5) gridLines(1, FLOOR_THEME.gridMinor);
  if (k * MAJOR_GRID_TILES >= 20) gridLines(MAJOR_GRID_TILES, FLOOR_THEME.gridMajor);

  if (underlay) {
    ctx.save();
    underlay(ctx, view);
    ctx.restore();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  // Aisles.
  for (const aisle of scene.aisles) {
    if (!visible(aisle.rect)) continue;
    const r = aisle.rect;
    ctx.fillStyle = FLOOR_THEME.aisle[aisle.kind];
    ctx.fillRect(sx(r.x), sy(r.y), sx(r.x + r.w) - sx(r.x), sy(r.y + r.h) - sy(r.y));
  }

  // Walls.
  ctx.strokeStyle = FLOOR_THEME.wall;
  ctx.lineWidth = 2;
  ctx.strokeRect(sx(0) - 1, sy(0) - 1, sx(room.w) - sx(0) + 2, sy(room.h) - sy(0) + 2);

  // Cooling units.
  for (const unit of scene.units) {
    if (!visible(unit.rect)) continue;
    const r = unit.rect;
    ctx.fillStyle = unit.fill;
    ctx.fillRect(sx(r.x), sy(r.y), sx(r.x + r.w) - sx(r.x), sy(r.y + r.h) - sy(r.y));
  }

  // Racks, one path per colour, with a one-device-pixel gap between neighbours once there is room for it
  // (on the right and bottom edges only, so every edge stays on a whole device pixel: no antialiasing).
  const gap = k >= 4 ? 1 / dpr : 0;
  for (const [fill, racks] of prepared.byFill) {
    ctx.beginPath();
    let any = false;
    for (const rack of racks) {
      const r = rack.rect;
      if (!visible(r)) continue;
      any = true;
      const left = sx(r.x);
      const top = sy(r.y);
      ctx.rect(left, top, sx(r.x + r.w) - gap - left, sy(r.y + r.h) - gap - top);
    }
    if (!any) continue;
    ctx.fillStyle = fill;
    ctx.fill();
  }

  // Front markers, the side the cold air enters: a bar centred on the front edge (filled, not stroked).
  if (k >= 3) {
    const bar = Math.max(1, Math.min(3, k / 8));
    ctx.beginPath();
    for (const rack of scene.racks) {
      if (!visible(rack.rect)) continue;
      frontBar(ctx, rack.front, bar, sx, sy);
    }
    ctx.fillStyle = FLOOR_THEME.front;
    ctx.fill();
    ctx.strokeStyle = FLOOR_THEME.front;
    ctx.setLineDash([3, 2]);
    ctx.beginPath();
    for (const unit of scene.units) {
      if (!visible(unit.rect)) continue;
      const f = unit.front;
      ctx.moveTo(sx(f.x1), sy(f.y1));
      ctx.lineTo(sx(f.x2), sy(f.y2));
    }
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.setLineDash([]);
  }

  // Sensors.
  if (k >= 10) {
    ctx.fillStyle = FLOOR_THEME.sensor;
    ctx.beginPath();
    const radius = Math.min(3, k / 8);
    for (const s of scene.sensors) {
      const px = view.x + s.x * k;
      const py = view.y + s.y * k;
      if (px < -4 || py < -4 || px > view.width + 4 || py > view.height + 4) continue;
      ctx.moveTo(px + radius, py);
      ctx.arc(px, py, radius, 0, Math.PI * 2);
    }
    ctx.fill();
  }

  drawLabels(ctx, prepared, view, visible, sx, sy, rackLabels);
}

/** An axis-aligned front edge as a filled bar `width` px thick, centred on the edge like a butt-capped stroke. */
function frontBar(ctx: CanvasRenderingContext2D, f: Ghost['front'], width: number, sx: (x: number) => number, sy: (y: number) => number): void {
  const x1 = sx(Math.min(f.x1, f.x2));
  const x2 = sx(Math.max(f.x1, f.x2));
  const y1 = sy(Math.min(f.y1, f.y2));
  const y2 = sy(Math.max(f.y1, f.y2));
  if (y1 === y2) ctx.rect(x1, y1 - width / 2, x2 - x1, width);
  else ctx.rect(x1 - width / 2, y1, width, y2 - y1);
}

/**
 * What changes with the pointer: racks being dragged (faded at their old place), the selection, the rack
 * open elsewhere, hover, drag and row-add ghosts, the selection box. Cheap: drawn over the cached static
 * layer on every frame.
 */
export function drawOverlay(ctx: CanvasRenderingContext2D, prepared: PreparedScene, view: MapView, state: DrawState): void {
  const { k, dpr } = view;
  const { sx, sy, visible } = projection(view);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

  if (state.moving.size > 0) {
    ctx.fillStyle = 'rgba(11, 14, 18, 0.65)';
    for (const id of state.moving) {
      const rack = prepared.byId.get(id);
      if (!rack || !visible(rack.rect)) continue;
      const r = rack.rect;
      ctx.fillRect(sx(r.x), sy(r.y), sx(r.x + r.w) - sx(r.x), sy(r.y + r.h) - sy(r.y));
    }
  }

  const outline = (id: number, color: string, width: number): void => {
    const rack = prepared.byId.get(id);
    if (!rack || !visible(rack.rect)) return;
    const r = rack.rect;
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.strokeRect(sx(r.x) - width / 2, sy(r.y) - width / 2, sx(r.x + r.w) - sx(r.x) + width, sy(r.y + r.h) - sy(r.y) + width);
  };
  for (const id of state.selected) outline(id, FLOOR_THEME.selection, 2);
  if (state.focusId !== null) outline(state.focusId, FLOOR_THEME.hover, 2.5);
  if (state.hoverId !== null) outline(state.hoverId, FLOOR_THEME.hover, 1.5);

  // Drag or row-add ghosts, with their verdict in colour.
  if (state.ghosts.length > 0) {
    const color = state.ghostsOk ? FLOOR_THEME.valid : FLOOR_THEME.invalid;
    ctx.fillStyle = state.ghostsOk ? 'rgba(63, 185, 80, 0.28)' : 'rgba(248, 81, 73, 0.28)';
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    for (const ghost of state.ghosts) {
      const r = ghost.rect;
      const left = sx(r.x);
      const top = sy(r.y);
      ctx.fillRect(left, top, sx(r.x + r.w) - left, sy(r.y + r.h) - top);
      ctx.strokeRect(left + 0.75, top + 0.75, sx(r.x + r.w) - left - 1.5, sy(r.y + r.h) - top - 1.5);
    }
    ctx.beginPath();
    for (const ghost of state.ghosts) {
      ctx.moveTo(sx(ghost.front.x1), sy(ghost.front.y1));
      ctx.lineTo(sx(ghost.front.x2), sy(ghost.front.y2));
    }
    ctx.lineWidth = Math.max(1.5, Math.min(3, k / 8));
    ctx.stroke();
  }

  if (state.box) {
    const b = state.box;
    ctx.fillStyle = 'rgba(74, 163, 255, 0.12)';
    ctx.strokeStyle = FLOOR_THEME.selection;
    ctx.lineWidth = 1;
    ctx.fillRect(Math.min(b.x0, b.x1), Math.min(b.y0, b.y1), Math.abs(b.x1 - b.x0), Math.abs(b.y1 - b.y0));
    ctx.strokeRect(Math.min(b.x0, b.x1) + 0.5, Math.min(b.y0, b.y1) + 0.5, Math.abs(b.x1 - b.x0), Math.abs(b.y1 - b.y0));
  }
}

/** Rack labels once they fit, aisle and unit labels when legible, row names always. */
function drawLabels(
  ctx: CanvasRenderingContext2D,
  prepared: PreparedScene,
  view: MapView,
  visible: (r: TileRect) => boolean,
  sx: (x: number) => number,
  sy: (y: number) => number,
  rackLabels: boolean,
): void {
  const { scene } = prepared;
  const { k } = view;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';

  const aisleFont = Math.round(Math.max(MIN_MAP_FONT_PX, Math.min(13, k * 0.5)));
  ctx.font = font(aisleFont, 600);
  for (const aisle of scene.aisles) {
    if (!visible(aisle.rect)) continue;
    const r = aisle.rect;
    const vertical = r.h > r.w;
    const along = (vertical ? r.h : r.w) * k;
    const across = (vertical ? r.w : r.h) * k;
    if (across < aisleFont + 4 || approxTextWidth(aisle.label, aisleFont) > along - 8) continue;
    ctx.fillStyle = FLOOR_THEME.aisleText[aisle.kind];
    const cx = Math.round(view.x + (r.x + r.w / 2) * k);
    const cy = Math.round(view.y + (r.y + r.h / 2) * k);
    if (vertical) {
      ctx.save();
      ctx.translate(cx, cy);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(aisle.label, 0, 0);
      ctx.restore();
    } else ctx.fillText(aisle.label, cx, cy);
  }

  const unitFont = Math.round(Math.max(MIN_MAP_FONT_PX, Math.min(13, k * 0.4)));
  ctx.font = font(unitFont);
  ctx.fillStyle = FLOOR_THEME.text;
  for (const unit of scene.units) {
    if (!visible(unit.rect)) continue;
    const r = unit.rect;
    const w = r.w * k;
    const h = r.h * k;
    if (h < unitFont + 2) continue;
    const text = approxTextWidth(unit.name, unitFont) <= w - 4 ? unit.name : approxTextWidth(unit.kind, unitFont) <= w - 4 ? unit.kind : null;
    if (text) ctx.fillText(text, Math.round(sx(r.x) + w / 2), Math.round(sy(r.y) + h / 2));
  }

  const rackFont = Math.round(Math.max(MIN_MAP_FONT_PX, Math.min(14, k * 0.42)));
  if (rackLabels && k * 2 >= rackFont + 2) {
    // fillText straight onto the canvas, centred on whole device pixels: Chromium caches shaped words and
    // glyphs, so a warm label costs a few microseconds (measured faster here than blitting pre-rendered
    // labels, which costs an image draw each); and the static layer draws them only when it is redrawn.
    const { dpr } = view;
    ctx.font = font(rackFont);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const [fill, racks] of prepared.byFill) {
      ctx.fillStyle = prepared.labelColor.get(fill) ?? FLOOR_THEME.text;
      for (const rack of racks) {
        if (!visible(rack.rect)) continue;
        const r = rack.rect;
        const label = rackLabelFor(rack, r.w * k, r.h * k, rackFont);
        if (!label) continue;
        const cx = Math.round((view.x + (r.x + r.w / 2) * k) * dpr);
        const cy = Math.round((view.y + (r.y + r.h / 2) * k) * dpr);
        if (label.vertical) {
          ctx.setTransform(0, -dpr, dpr, 0, cx, cy);
          ctx.fillText(label.text, 0, 0);
        } else {
          ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
          ctx.fillText(label.text, cx / dpr, cy / dpr);
        }
      }
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  const rowFont = Math.round(Math.max(MIN_MAP_FONT_PX, Math.min(16, k * 0.7)));
  ctx.font = font(rowFont, 700);
  ctx.lineWidth = 3;
  ctx.strokeStyle = FLOOR_THEME.halo;
  ctx.lineJoin = 'round';
  ctx.fillStyle = FLOOR_THEME.text;
  // In a big hall rows stand closer on screen than their labels are tall once zoomed out: a label that
  // would touch one already written is left out (the scene lists them in row order, so every other row
  // keeps its name instead of all of them piling up).
  const placed: LabelBox[] = [];
  for (const label of scene.rowLabels) {
    const px = Math.round(view.x + label.x * k);
    const py = Math.round(view.y + label.y * k);
    if (px < -200 || py < -50 || px > view.width + 200 || py > view.height + 50) continue;
    const box = anchoredBox(px, py, approxTextWidth(label.text, rowFont) + 4, rowFont + 2, label.anchor === 'end' ? 'end' : 'middle', label.anchor === 'end' ? 'middle' : 'bottom');
    if (placeWithoutOverlap([...placed, box]).length <= placed.length) continue;
    placed.push(box);
    if (label.anchor === 'end') {
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
    } else {
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
    }
    ctx.strokeText(label.text, px, py);
    ctx.fillText(label.text, px, py);
  }
}
