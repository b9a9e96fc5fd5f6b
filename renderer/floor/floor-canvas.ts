import { select, zoom, zoomIdentity, type D3ZoomEvent, type Selection, type ZoomBehavior, type ZoomTransform } from 'd3';
import { footprint, frontEdge, groupPlacementProblem, OccupancyIndex, overlaps, type FloorItem, type TileRect } from '../../app/floor/geometry';
import type { FloorData, FloorRack } from '../../app/floor/types';
import { drawOverlay, EMPTY_DRAW_STATE, type DrawState, type Ghost, type MapView, type PreparedScene, type Underlay } from './draw';
import { StaticLayer } from './static-layer';

/**
 * The floor map's canvas, kept out of React so that panning and zooming never re-render components:
 * d3-zoom owns the view transform, pointer handlers own hover, click, shift-click, box selection and
 * dragging racks, and every change asks for one redraw on the next animation frame (at most one a frame).
 *
 * A frame is the cached static layer (racks, grid, labels: static-layer.ts) plus the overlay (hover,
 * selection, drag ghosts) drawn over it. Hover and selection only redraw the overlay. While a pan or zoom
 * gesture runs, the layer's bitmap is moved and scaled instead of drawing 5,000 racks again, and redrawn
 * only when it would be stretched too far or no longer covers the room in view; once the gesture ends (or
 * rests for SETTLE_MS) it is redrawn crisp at the exact view.
 */

export interface RackMoveRequest {
  readonly rackId: number;
  readonly gridX: number;
  readonly gridY: number;
}

export interface FloorCanvasEvents {
  onOpenRack(rackId: number): void;
  onSelectionChange(ids: ReadonlySet<number>): void;
  /** Save a drag; reject with an Error whose message says why the core refused it. */
  onMove(moves: readonly RackMoveRequest[]): Promise<void>;
  /** A refused drop or another short notice for the status line. */
  onNotice(text: string, tone: 'error' | 'info'): void;
  /** A click on the floor while picking a tile (the add-row form). */
  onPickTile(x: number, y: number): void;
  /** Hover moved over a rack, a cooling unit, or off them; screen position relative to the canvas. */
  onHover(target: HoverTarget | null, x: number, y: number): void;
  /** The keyboard's rack cursor moved (null: it left the map), and whether a keyboard move is running. */
  onCursor?(rack: FloorRack | null, moving: boolean): void;
}

export interface FloorCanvasOptions {
  /**
   * 'floor': plain arrows move the rack cursor, Space selects, m moves. 'heatmap': arrows and Space belong
   * to the time slider (the view handles them), Tab and Enter still walk and open racks. Shift+arrows pan.
   */
  readonly keys: 'floor' | 'heatmap';
}

export type HoverTarget = { readonly kind: 'rack'; readonly rack: FloorRack; readonly valueText: string } | { readonly kind: 'unit'; readonly detail: string };

/** Screen pixels a press may wander before it counts as a drag rather than a click. */
const DRAG_THRESHOLD_PX = 4;
const FIT_PADDING_PX = 48;
const MAX_TILE_PX = 140;
const KEY_PAN_PX = 80;
const KEY_ZOOM_FACTOR = 1.4;
/** Arrow keys as a unit step on the floor (x right, y down). */
const ARROWS: Readonly<Record<string, readonly [number, number]>> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
/** A gesture that has not moved the view for this long is redrawn crisp, even with the button still held. */
const SETTLE_MS = 150;

interface DragState {
  readonly ids: readonly number[];
  readonly startX: number;
  readonly startY: number;
  readonly startTile: { readonly x: number; readonly y: number };
  active: boolean;
  dx: number;
  dy: number;
  problem: string | null;
  readonly index: OccupancyIndex;
  /** Waiting for the core's answer (and then for the reloaded data) after a drop. */
  saving: boolean;
}

interface BoxState {
  readonly x0: number;
  readonly y0: number;
  x1: number;
  y1: number;
}

/** Counters read by the benchmark and the e2e test (data attributes on the canvas). */
interface FrameStats {
  frames: number;
  drawMsTotal: number;
  /** Frames that had to draw the static layer afresh (the rest moved the cached bitmap). */
  layerDraws: number;
  dataAt: number | null;
  firstFrameAt: number | null;
}

/** Racks and cooling units as floor items, for hit tests and collision checks. */
export function floorItemsOf(data: FloorData): FloorItem[] {
  const item = (kind: FloorItem['kind'], p: Omit<FloorItem, 'kind'>): FloorItem => ({
    id: p.id,
    name: p.name,
    kind,
    gridX: p.gridX,
    gridY: p.gridY,
    widthTiles: p.widthTiles,
    depthTiles: p.depthTiles,
    facing: p.facing,
  });
  return [...data.racks.map((r) => item('rack', r)), ...data.coolingUnits.map((u) => item(u.kind, u))];
}

export class FloorCanvas {
  private prepared: PreparedScene | null = null;
  private data: FloorData | null = null;
  private racksById = new Map<number, FloorRack>();
  /** Built on the first pointer event rather than with the data, so it does not delay the first frame. */
  private floorIndexCache: OccupancyIndex | null = null;
  private transform: ZoomTransform = zoomIdentity;
  private fitted = false;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private frameRequested = false;
  /**
   * Pan or zoom gestures running (d3-zoom's start … end): the cached layer may be moved and scaled. A count,
   * since gestures overlap: a wheel gesture ends 150 ms after its last wheel event, maybe mid-drag.
   */
  private gestures = 0;
  private settleTimer: number | null = null;
  private hoverId: number | null = null;
  private selected: ReadonlySet<number> = new Set();
  private focusId: number | null = null;
  private underlay: Underlay | null = null;
  private preview: { ghosts: readonly Ghost[]; ok: boolean } | null = null;
  private picking = false;
  private drag: DragState | null = null;
  private box: BoxState | null = null;
  private press: { x: number; y: number; onRack: boolean } | null = null;
  /** The keyboard's rack cursor: Tab/arrows move it, Enter opens, Space selects, m moves. */
  private cursorId: number | null = null;
  private keyboardMove = false;
  private readonly stats: FrameStats = { frames: 0, drawMsTotal: 0, layerDraws: 0, dataAt: null, firstFrameAt: null };
  private readonly zoomBehavior: ZoomBehavior<HTMLCanvasElement, unknown>;
  private readonly selection: Selection<HTMLCanvasElement, unknown, null, undefined>;
  private readonly resizeObserver: ResizeObserver;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly layer = new StaticLayer();

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly events: FloorCanvasEvents,
    private readonly options: FloorCanvasOptions = { keys: 'floor' },
  ) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('This display cannot draw on a canvas.');
    this.ctx = ctx;
    this.selection = select(canvas);
    this.zoomBehavior = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.5, MAX_TILE_PX])
      .filter((event: Event) => this.zoomAccepts(event))
      .on('start', () => {
        this.gestures++;
      })
      .on('zoom', (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        this.transform = event.transform;
        if (this.gestures > 0) this.restartSettleTimer();
        this.invalidate();
      })
      .on('end', () => {
        this.gestures = Math.max(0, this.gestures - 1);
        if (this.gestures === 0) this.clearSettleTimer();
        this.invalidate();
      });
    this.selection.call(this.zoomBehavior).on('dblclick.zoom', null);

    canvas.addEventListener('pointerdown', this.onPointerDown);
    canvas.addEventListener('pointermove', this.onPointerMove);
    canvas.addEventListener('pointerup', this.onPointerUp);
    canvas.addEventListener('pointercancel', this.onPointerCancel);
    canvas.addEventListener('pointerleave', this.onPointerLeave);
    canvas.addEventListener('keydown', this.onKeyDown);
    canvas.addEventListener('focus', this.onFocus);
    canvas.addEventListener('blur', this.onBlur);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(canvas);
    this.resize();
  }

  destroy(): void {
    this.clearSettleTimer();
    this.resizeObserver.disconnect();
    this.selection.on('.zoom', null);
    this.canvas.removeEventListener('pointerdown', this.onPointerDown);
    this.canvas.removeEventListener('pointermove', this.onPointerMove);
    this.canvas.removeEventListener('pointerup', this.onPointerUp);
    this.canvas.removeEventListener('pointercancel', this.onPointerCancel);
    this.canvas.removeEventListener('pointerleave', this.onPointerLeave);
    this.canvas.removeEventListener('keydown', this.onKeyDown);
    this.canvas.removeEventListener('focus', this.onFocus);
    this.canvas.removeEventListener('blur', this.onBlur);
  }

  /** New data or a new colouring. The view stays where it is; the first scene is fitted (or centred on focusRackId). */
  setScene(prepared: PreparedScene, data: FloorData, dataAt: number | null = null): void {
    const roomChanged = this.data?.room.id !== data.room.id;
    if (this.prepared !== prepared) this.layer.invalidate();
    this.prepared = prepared;
    if (this.data !== data) {
      this.data = data;
      this.racksById = new Map(data.racks.map((r) => [r.id, r]));
      this.readingOrderCache = null;
      if (this.cursorId !== null && !this.racksById.has(this.cursorId)) this.setCursor(null);
      this.floorIndexCache = null;
      // Fresh data from the core: a saved drag has landed (or the rack moved elsewhere meanwhile).
      if (this.drag?.saving) this.drag = null;
    }
    if (dataAt !== null) {
      this.stats.dataAt = dataAt;
      this.stats.firstFrameAt = null;
    }
    if (roomChanged) this.fitted = false;
    if (!this.fitted && this.width > 0) this.initialView();
    this.invalidate();
  }

  setSelection(ids: ReadonlySet<number>): void {
    this.selected = ids;
    this.invalidate();
  }

  setFocus(rackId: number | null): void {
    this.focusId = rackId;
    this.invalidate();
  }

  setUnderlay(underlay: Underlay | null): void {
    if (this.underlay === underlay) return;
    this.underlay = underlay;
    this.layer.invalidate();
    this.invalidate();
  }

  /** Ghost racks of a planned row, green when they fit, red when not. */
  setPreview(preview: { ghosts: readonly Ghost[]; ok: boolean } | null): void {
    this.preview = preview;
    this.invalidate();
  }

  setPicking(picking: boolean): void {
    this.picking = picking;
    this.canvas.classList.toggle('is-picking', picking);
  }

  /** Fits the whole room in view. */
  fit(animate = true): void {
    if (!this.data || this.width === 0) return;
    const { widthTiles, depthTiles } = this.data.room;
    const k = Math.max(0.5, Math.min((this.width - FIT_PADDING_PX * 2) / widthTiles, (this.height - FIT_PADDING_PX * 2) / depthTiles));
    const t = zoomIdentity.translate((this.width - widthTiles * k) / 2, (this.height - depthTiles * k) / 2).scale(k);
    this.zoomBehavior.scaleExtent([Math.min(k, 4) / 2, MAX_TILE_PX]);
    if (animate) this.zoomBehavior.transform(this.selection.transition().duration(250), t);
    else this.zoomBehavior.transform(this.selection, t);
    this.fitted = true;
  }

  /** Centres a rack at a readable zoom. */
  reveal(rackId: number): void {
    const rack = this.racksById.get(rackId);
    if (!rack || this.width === 0) return;
    const r = footprint(rack);
    const k = Math.max(this.transform.k, 24);
    const t = zoomIdentity.translate(this.width / 2 - (r.x + r.w / 2) * k, this.height / 2 - (r.y + r.h / 2) * k).scale(k);
    this.zoomBehavior.transform(this.selection, t);
    this.fitted = true;
  }

  zoomBy(factor: number): void {
    this.zoomBehavior.scaleBy(this.selection.transition().duration(150), factor);
  }

  /** Draws now (the frame loop calls it once per animation frame at most). */
  draw(): void {
    if (!this.prepared || this.width === 0) return;
    const started = performance.now();
    const view = this.view();
    const drewLayer = this.layer.composite(this.ctx, this.prepared, view, this.underlay, this.gestures > 0 && this.settleTimer !== null);
    drawOverlay(this.ctx, this.prepared, view, this.drawState());
    const ended = performance.now();
    this.stats.frames++;
    this.stats.drawMsTotal += ended - started;
    if (drewLayer) this.stats.layerDraws++;
    if (this.stats.firstFrameAt === null && this.stats.dataAt !== null) this.stats.firstFrameAt = ended;
    const d = this.canvas.dataset;
    d['frames'] = String(this.stats.frames);
    d['drawMsTotal'] = this.stats.drawMsTotal.toFixed(2);
    d['lastDrawMs'] = (ended - started).toFixed(2);
    d['layerDraws'] = String(this.stats.layerDraws);
    d['k'] = this.transform.k.toFixed(3);
    d['tx'] = this.transform.x.toFixed(1);
    d['ty'] = this.transform.y.toFixed(1);
    if (this.stats.dataAt !== null) d['dataAt'] = this.stats.dataAt.toFixed(1);
    if (this.stats.firstFrameAt !== null) d['firstFrameAt'] = this.stats.firstFrameAt.toFixed(1);
  }

  /** Tile coordinates of a point on the canvas (CSS px). */
  tileAt(x: number, y: number): { x: number; y: number } {
    return { x: (x - this.transform.x) / this.transform.k, y: (y - this.transform.y) / this.transform.k };
  }

  private view(): MapView {
    return { k: this.transform.k, x: this.transform.x, y: this.transform.y, width: this.width, height: this.height, dpr: this.dpr };
  }

  private drawState(): DrawState {
    const drag = this.drag;
    const dragGhosts = drag?.active ? this.dragGhosts(drag) : null;
    return {
      ...EMPTY_DRAW_STATE,
      hoverId: drag?.active ? null : (this.cursorId ?? this.hoverId),
      selected: this.selected,
      focusId: this.focusId,
      moving: drag?.active ? new Set(drag.ids) : EMPTY_DRAW_STATE.moving,
      ghosts: dragGhosts ?? this.preview?.ghosts ?? [],
      ghostsOk: dragGhosts ? drag?.problem === null : (this.preview?.ok ?? true),
      box: this.box,
    };
  }

  private initialView(): void {
    if (this.focusId !== null && this.racksById.has(this.focusId)) this.reveal(this.focusId);
    else this.fit(false);
  }

  /** The gesture counts as moving until the view has rested for SETTLE_MS; then the next frame is crisp. */
  private restartSettleTimer(): void {
    this.clearSettleTimer();
    this.settleTimer = window.setTimeout(() => {
      this.settleTimer = null;
      this.invalidate();
    }, SETTLE_MS);
  }

  private clearSettleTimer(): void {
    if (this.settleTimer === null) return;
    window.clearTimeout(this.settleTimer);
    this.settleTimer = null;
  }

  private invalidate(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      if (window.devicePixelRatio !== this.dpr) this.resize();
      this.draw();
    });
  }

  private resize(): void {
    const rect = this.canvas.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    this.width = rect.width;
    this.height = rect.height;
    const w = Math.max(1, Math.round(rect.width * this.dpr));
    const h = Math.max(1, Math.round(rect.height * this.dpr));
    const resized = this.canvas.width !== w || this.canvas.height !== h;
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
    this.layer.resize(w, h);
    // Paint the empty floor colour at once: it is what a loading map should show, and it makes the browser
    // allocate both bitmaps now, while the data is still on its way, instead of in the first real frame.
    if (resized && !this.prepared) this.layer.prime(this.ctx);
    if (!this.fitted && this.data && this.width > 0) this.initialView();
    this.invalidate();
  }

  // ------------------------------------------------------------------ pointer

  private local(event: { clientX: number; clientY: number }): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  private floorIndex(): OccupancyIndex {
    this.floorIndexCache ??= new OccupancyIndex(this.data ? floorItemsOf(this.data) : []);
    return this.floorIndexCache;
  }

  private itemAt(x: number, y: number): FloorItem | undefined {
    const tile = this.tileAt(x, y);
    return this.floorIndex().itemAt(tile.x, tile.y);
  }

  private rackAt(x: number, y: number): number | null {
    const item = this.itemAt(x, y);
    return item?.kind === 'rack' ? item.id : null;
  }

  /** d3-zoom pans on empty floor only; presses on racks and shift-drags are ours. */
  private zoomAccepts(event: Event): boolean {
    if (event.type === 'wheel') return !this.drag?.active;
    const mouse = event as MouseEvent;
    if (mouse.button || mouse.ctrlKey || mouse.shiftKey) return false;
    if (this.drag?.saving) return false;
    const p = this.local(mouse);
    return this.rackAt(p.x, p.y) === null;
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    this.canvas.focus({ preventScroll: true });
    const p = this.local(event);
    const rackId = this.rackAt(p.x, p.y);
    this.press = { x: p.x, y: p.y, onRack: rackId !== null };
    if (this.drag?.saving) return;
    if (rackId !== null) {
      if (event.shiftKey) return;
      const ids = this.selected.has(rackId) ? [...this.selected] : [rackId];
      this.drag = { ids, startX: p.x, startY: p.y, startTile: this.tileAt(p.x, p.y), active: false, dx: 0, dy: 0, problem: null, index: this.floorIndex(), saving: false };
      this.canvas.setPointerCapture(event.pointerId);
    } else if (event.shiftKey) {
      this.box = { x0: p.x, y0: p.y, x1: p.x, y1: p.y };
      this.canvas.setPointerCapture(event.pointerId);
    }
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    const p = this.local(event);
    const drag = this.drag;
    if (drag && !drag.saving) {
      if (!drag.active && Math.hypot(p.x - drag.startX, p.y - drag.startY) < DRAG_THRESHOLD_PX) return;
      if (!drag.active) {
        drag.active = true;
        this.events.onHover(null, 0, 0);
      }
      const tile = this.tileAt(p.x, p.y);
      const dx = Math.round(tile.x - drag.startTile.x);
      const dy = Math.round(tile.y - drag.startTile.y);
      if (dx !== drag.dx || dy !== drag.dy || drag.problem === null) {
        drag.dx = dx;
        drag.dy = dy;
        drag.problem = this.dragProblem(drag);
      }
      this.canvas.classList.toggle('is-refused', drag.problem !== null);
      this.invalidate();
      return;
    }
    if (this.box) {
      this.box.x1 = p.x;
      this.box.y1 = p.y;
      this.invalidate();
      return;
    }
    if (event.buttons !== 0) return;
    this.updateHover(p.x, p.y);
  };

  private readonly onPointerUp = (event: PointerEvent): void => {
    const p = this.local(event);
    const press = this.press;
    this.press = null;
    const drag = this.drag;
    if (drag && !drag.saving) {
      this.canvas.classList.remove('is-refused');
      if (!drag.active) {
        this.drag = null;
        const rackId = this.rackAt(p.x, p.y);
        if (rackId !== null) this.events.onOpenRack(rackId);
        return;
      }
      this.drop(drag);
      return;
    }
    if (this.box) {
      const box = this.box;
      this.box = null;
      if (Math.hypot(box.x1 - box.x0, box.y1 - box.y0) >= DRAG_THRESHOLD_PX) this.selectBox(box);
      this.invalidate();
      return;
    }
    if (press && !press.onRack && Math.hypot(p.x - press.x, p.y - press.y) < DRAG_THRESHOLD_PX) {
      if (event.shiftKey) {
        return;
      }
      if (this.picking) {
        const tile = this.tileAt(p.x, p.y);
        this.events.onPickTile(Math.floor(tile.x), Math.floor(tile.y));
      } else if (this.selected.size > 0) {
        this.events.onSelectionChange(new Set());
      }
    } else if (press?.onRack && event.shiftKey) {
      const rackId = this.rackAt(p.x, p.y);
      if (rackId !== null) {
        const next = new Set(this.selected);
        if (next.has(rackId)) next.delete(rackId);
        else next.add(rackId);
        this.events.onSelectionChange(next);
      }
    }
  };

  private readonly onPointerCancel = (): void => {
    if (this.drag && !this.drag.saving) this.drag = null;
    this.box = null;
    this.press = null;
    this.canvas.classList.remove('is-refused');
    this.invalidate();
  };

  private readonly onPointerLeave = (): void => {
    if (this.hoverId !== null || !this.drag) {
      this.hoverId = null;
      this.events.onHover(null, 0, 0);
      this.invalidate();
    }
  };

  private updateHover(x: number, y: number): void {
    const item = this.itemAt(x, y);
    const rackId = item?.kind === 'rack' ? item.id : null;
    if (rackId !== this.hoverId) {
      this.hoverId = rackId;
      this.invalidate();
    }
    this.canvas.classList.toggle('is-over-rack', rackId !== null);
    if (!item) {
      this.events.onHover(null, x, y);
      return;
    }
    if (item.kind === 'rack') {
      const rack = this.racksById.get(item.id);
      const sceneRack = this.prepared?.byId.get(item.id);
      if (rack) this.events.onHover({ kind: 'rack', rack, valueText: sceneRack?.valueText ?? '' }, x, y);
      return;
    }
    const unit = this.prepared?.scene.units.find((u) => u.id === item.id && u.kind === item.kind);
    this.events.onHover(unit ? { kind: 'unit', detail: unit.detail } : null, x, y);
  }

  private movedCandidates(drag: DragState): Array<FloorRack & { gridX: number; gridY: number }> {
    const out: Array<FloorRack & { gridX: number; gridY: number }> = [];
    for (const id of drag.ids) {
      const rack = this.racksById.get(id);
      if (rack) out.push({ ...rack, gridX: rack.gridX + drag.dx, gridY: rack.gridY + drag.dy });
    }
    return out;
  }

  private dragProblem(drag: DragState): string | null {
    if (!this.data || (drag.dx === 0 && drag.dy === 0)) return null;
    return groupPlacementProblem(this.movedCandidates(drag), this.data.room, drag.index);
  }

  private dragGhosts(drag: DragState): Ghost[] {
    return this.movedCandidates(drag).map((r) => ({ rect: footprint(r), front: frontEdge(r), label: r.name }));
  }

  private drop(drag: DragState): void {
    if (drag.dx === 0 && drag.dy === 0) {
      this.drag = null;
      this.invalidate();
      return;
    }
    if (drag.problem) {
      this.events.onNotice(`Not moved: ${drag.problem}`, 'error');
      this.drag = null;
      this.invalidate();
      return;
    }
    drag.saving = true;
    const moves = this.movedCandidates(drag).map((r) => ({ rackId: r.id, gridX: r.gridX, gridY: r.gridY }));
    this.events.onMove(moves).then(
      () => {
        // The ghosts stay until the reloaded data arrives (setScene), so the racks do not jump back meanwhile.
        this.invalidate();
      },
      (error: unknown) => {
        this.events.onNotice(`Not moved: ${error instanceof Error ? error.message : String(error)}`, 'error');
        if (this.drag === drag) this.drag = null;
        this.invalidate();
      },
    );
    this.invalidate();
  }

  private selectBox(box: BoxState): void {
    const a = this.tileAt(Math.min(box.x0, box.x1), Math.min(box.y0, box.y1));
    const b = this.tileAt(Math.max(box.x0, box.x1), Math.max(box.y0, box.y1));
    const area: TileRect = { x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y };
    const next = new Set(this.selected);
    for (const rack of this.data?.racks ?? []) if (overlaps(area, footprint(rack))) next.add(rack.id);
    this.events.onSelectionChange(next);
  }

  // ------------------------------------------------------------------ keyboard

  private readingOrderCache: readonly FloorRack[] | null = null;

  /** Racks row by row, left to right: the order Tab walks them. */
  private readingOrder(): readonly FloorRack[] {
    this.readingOrderCache ??= [...(this.data?.racks ?? [])].sort((a, b) => a.gridY - b.gridY || a.gridX - b.gridX || a.id - b.id);
    return this.readingOrderCache;
  }

  private setCursor(rackId: number | null): void {
    this.cursorId = rackId;
    this.canvas.dataset['cursorRackId'] = rackId === null ? '' : String(rackId);
    const rack = rackId === null ? null : (this.racksById.get(rackId) ?? null);
    if (rack) {
      this.ensureVisible(rack);
      const r = footprint(rack);
      const t = this.transform;
      this.events.onHover({ kind: 'rack', rack, valueText: this.prepared?.byId.get(rack.id)?.valueText ?? '' }, t.x + (r.x + r.w) * t.k, t.y + (r.y + r.h) * t.k);
    } else this.events.onHover(null, 0, 0);
    this.events.onCursor?.(rack, this.keyboardMove);
    this.invalidate();
  }

  /** Pans (never zooms) so the rack is on screen with a margin. */
  private ensureVisible(rack: FloorRack): void {
    const r = footprint(rack);
    const t = this.transform;
    const x0 = t.x + r.x * t.k;
    const y0 = t.y + r.y * t.k;
    const x1 = t.x + (r.x + r.w) * t.k;
    const y1 = t.y + (r.y + r.h) * t.k;
    const margin = FIT_PADDING_PX;
    const dx = x0 < margin ? margin - x0 : x1 > this.width - margin ? this.width - margin - x1 : 0;
    const dy = y0 < margin ? margin - y0 : y1 > this.height - margin ? this.height - margin - y1 : 0;
    if (dx !== 0 || dy !== 0) this.zoomBehavior.translateBy(this.selection, dx / t.k, dy / t.k);
  }

  /** The rack nearest the cursor in a direction, preferring those straight ahead. */
  private neighbour(dirX: number, dirY: number): number | null {
    const from = this.cursorId === null ? undefined : this.racksById.get(this.cursorId);
    if (!from) return this.readingOrder()[0]?.id ?? null;
    const a = footprint(from);
    const ax = a.x + a.w / 2;
    const ay = a.y + a.h / 2;
    let best: { id: number; score: number } | null = null;
    for (const rack of this.readingOrder()) {
      if (rack.id === from.id) continue;
      const b = footprint(rack);
      const along = (b.x + b.w / 2 - ax) * dirX + (b.y + b.h / 2 - ay) * dirY;
      if (along <= 0.01) continue;
      const across = Math.abs((b.x + b.w / 2 - ax) * dirY) + Math.abs((b.y + b.h / 2 - ay) * dirX);
      const score = along + across * 3;
      if (!best || score < best.score) best = { id: rack.id, score };
    }
    return best?.id ?? null;
  }

  private readonly onFocus = (): void => {
    // Focus from the keyboard shows the cursor at once; a click's focus does not.
    if (this.cursorId === null && this.canvas.matches(':focus-visible')) {
      const start = this.focusId !== null && this.racksById.has(this.focusId) ? this.focusId : (this.readingOrder()[0]?.id ?? null);
      if (start !== null) this.setCursor(start);
    }
  };

  private readonly onBlur = (): void => {
    if (this.keyboardMove) this.cancelKeyboardMove();
    if (this.cursorId !== null) this.setCursor(null);
  };

  private startKeyboardMove(): void {
    if (this.cursorId === null || this.drag?.saving) return;
    const ids = this.selected.has(this.cursorId) ? [...this.selected] : [this.cursorId];
    const rack = this.racksById.get(this.cursorId);
    if (!rack) return;
    this.drag = { ids, startX: 0, startY: 0, startTile: { x: rack.gridX, y: rack.gridY }, active: true, dx: 0, dy: 0, problem: null, index: this.floorIndex(), saving: false };
    this.keyboardMove = true;
    this.events.onCursor?.(rack, true);
    this.invalidate();
  }

  private nudge(dx: number, dy: number): void {
    const drag = this.drag;
    if (!drag || drag.saving) return;
    drag.dx += dx;
    drag.dy += dy;
    drag.problem = this.dragProblem(drag);
    this.canvas.dataset['moveProblem'] = drag.problem ?? '';
    this.invalidate();
  }

  private cancelKeyboardMove(): void {
    if (this.drag && !this.drag.saving) this.drag = null;
    this.keyboardMove = false;
    this.canvas.dataset['moveProblem'] = '';
    this.events.onCursor?.(this.cursorId === null ? null : (this.racksById.get(this.cursorId) ?? null), false);
    this.invalidate();
  }

  private finishKeyboardMove(): void {
    const drag = this.drag;
    this.keyboardMove = false;
    this.canvas.dataset['moveProblem'] = '';
    this.events.onCursor?.(this.cursorId === null ? null : (this.racksById.get(this.cursorId) ?? null), false);
    if (drag && !drag.saving) this.drop(drag);
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const k = this.transform.k;
    const arrow = ARROWS[event.key];
    let handled = true;
    if (this.keyboardMove) {
      // Moving the selection: arrows nudge a tile at a time under the same collision rules as a drag.
      if (arrow) this.nudge(arrow[0], arrow[1]);
      else if (event.key === 'Enter' || event.key === 'm') this.finishKeyboardMove();
      else if (event.key === 'Escape') this.cancelKeyboardMove();
      else if (event.key !== 'Tab') handled = event.key !== 'Shift';
      else {
        this.cancelKeyboardMove();
        handled = false;
      }
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
      return;
    }
    const floorKeys = this.options.keys === 'floor';
    if (arrow && (event.shiftKey || !floorKeys)) {
      if (!event.shiftKey) return;
      this.zoomBehavior.translateBy(this.selection, (-arrow[0] * KEY_PAN_PX) / k, (-arrow[1] * KEY_PAN_PX) / k);
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    switch (event.key) {
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'ArrowUp':
      case 'ArrowDown': {
        const next = this.neighbour(arrow?.[0] ?? 0, arrow?.[1] ?? 0);
        if (next !== null) this.setCursor(next);
        break;
      }
      case 'Tab': {
        // Without a cursor (Esc took it away), or past the last rack, Tab leaves the map as anywhere else.
        const order = this.readingOrder();
        const at = this.cursorId === null ? -2 : order.findIndex((r) => r.id === this.cursorId);
        const next = at < -1 ? undefined : order[at + (event.shiftKey ? -1 : 1)];
        if (next) this.setCursor(next.id);
        else handled = false;
        break;
      }
      case 'Enter':
        if (this.cursorId !== null) this.events.onOpenRack(this.cursorId);
        else handled = false;
        break;
      case ' ':
        if (this.cursorId !== null && floorKeys) {
          const next = new Set(this.selected);
          if (next.has(this.cursorId)) next.delete(this.cursorId);
          else next.add(this.cursorId);
          this.events.onSelectionChange(next);
        } else handled = false;
        break;
      case 'm':
      case 'M':
        if (this.cursorId !== null && floorKeys) this.startKeyboardMove();
        else handled = false;
        break;
      case '+':
      case '=':
        this.zoomBy(KEY_ZOOM_FACTOR);
        break;
      case '-':
      case '_':
        this.zoomBy(1 / KEY_ZOOM_FACTOR);
        break;
      case '0':
        this.fit();
        break;
      case 'Escape':
        if (this.drag?.active && !this.drag.saving) this.drag = null;
        else if (this.selected.size > 0) this.events.onSelectionChange(new Set());
        else if (this.cursorId !== null) this.setCursor(null);
        else handled = false;
        this.invalidate();
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };
}
