import type { Facing } from '../inventory/types';

/** A rectangle on the floor grid, in tiles; x grows east, y grows south. */
export interface TileRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Placed {
  readonly gridX: number;
  readonly gridY: number;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly facing: Facing;
}

/**
 * The tiles a rack (or a CDU or CRAH) covers. Width runs along the row and depth front to back, so a
 * rack facing east or west is turned a quarter: its depth runs along x.
 */
export function footprint(item: Placed): TileRect {
  const turned = item.facing === 'E' || item.facing === 'W';
  return {
    x: item.gridX,
    y: item.gridY,
    w: turned ? item.depthTiles : item.widthTiles,
    h: turned ? item.widthTiles : item.depthTiles,
  };
}

export function insideRoom(rect: TileRect, room: { readonly widthTiles: number; readonly depthTiles: number }): boolean {
  return rect.x >= 0 && rect.y >= 0 && rect.x + rect.w <= room.widthTiles && rect.y + rect.h <= room.depthTiles;
}

/** True when two rectangles share at least one tile (touching edges do not overlap). */
export function overlaps(a: TileRect, b: TileRect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The segment of the rect's outline that is the front face (where cold air enters), in tile units. */
export function frontEdge(item: Placed): { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number } {
  const r = footprint(item);
  switch (item.facing) {
    case 'N':
      return { x1: r.x, y1: r.y, x2: r.x + r.w, y2: r.y };
    case 'S':
      return { x1: r.x, y1: r.y + r.h, x2: r.x + r.w, y2: r.y + r.h };
    case 'W':
      return { x1: r.x, y1: r.y, x2: r.x, y2: r.y + r.h };
    case 'E':
      return { x1: r.x + r.w, y1: r.y, x2: r.x + r.w, y2: r.y + r.h };
  }
}

/** Where a rack's inlet air is sampled for the heatmap: the middle of its front face. */
export function inletPoint(item: Placed): { readonly x: number; readonly y: number } {
  const e = frontEdge(item);
  return { x: (e.x1 + e.x2) / 2, y: (e.y1 + e.y2) / 2 };
}

/** Why a placement is refused, in a technician's words, or null when it is fine. */
export function placementProblem(
  candidate: Placed & { readonly name: string },
  room: { readonly name: string; readonly widthTiles: number; readonly depthTiles: number },
  others: ReadonlyArray<Placed & { readonly name: string }>,
): string | null {
  const rect = footprint(candidate);
  if (!insideRoom(rect, room)) {
    return `Rack ${candidate.name} at (${candidate.gridX}, ${candidate.gridY}) would stand outside room ${room.name}, which is ${room.widthTiles} × ${room.depthTiles} tiles.`;
  }
  const hit = others.find((other) => overlaps(rect, footprint(other)));
  if (hit) return `Rack ${candidate.name} would overlap ${hit.name} on the floor at (${candidate.gridX}, ${candidate.gridY}).`;
  return null;
}

/* ----------------------------------------------------------------------------------------------------
 * Rack-local coordinates. u runs along the rack's width (left to right as seen from its front), v from
 * the front face (0) to the back (depthTiles). Sensors attached to a rack live in this frame, so they
 * follow the rack when it is moved or turned.
 * -------------------------------------------------------------------------------------------------- */

export function rackToFloor(item: Placed, u: number, v: number): { readonly x: number; readonly y: number } {
  const r = footprint(item);
  switch (item.facing) {
    case 'S':
      return { x: r.x + u, y: r.y + r.h - v };
    case 'N':
      return { x: r.x + r.w - u, y: r.y + v };
    case 'E':
      return { x: r.x + r.w - v, y: r.y + r.h - u };
    case 'W':
      return { x: r.x + v, y: r.y + u };
  }
}

export function floorToRack(item: Placed, x: number, y: number): { readonly u: number; readonly v: number } {
  const r = footprint(item);
  switch (item.facing) {
    case 'S':
      return { u: x - r.x, v: r.y + r.h - y };
    case 'N':
      return { u: r.x + r.w - x, v: y - r.y };
    case 'E':
      return { u: r.y + r.h - y, v: r.x + r.w - x };
    case 'W':
      return { u: y - r.y, v: x - r.x };
  }
}

/** The back face (hot exhaust for front-to-back airflow), opposite the front edge. */
export function backEdge(item: Placed): { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number } {
  const r = footprint(item);
  switch (item.facing) {
    case 'N':
      return { x1: r.x, y1: r.y + r.h, x2: r.x + r.w, y2: r.y + r.h };
    case 'S':
      return { x1: r.x, y1: r.y, x2: r.x + r.w, y2: r.y };
    case 'W':
      return { x1: r.x + r.w, y1: r.y, x2: r.x + r.w, y2: r.y + r.h };
    case 'E':
      return { x1: r.x, y1: r.y, x2: r.x, y2: r.y + r.h };
  }
}

/** The smallest rectangle holding all of the given ones (null for none). */
export function boundingRect(rects: readonly TileRect[]): TileRect | null {
  if (rects.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.w);
    y1 = Math.max(y1, r.y + r.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/* ----------------------------------------------------------------------------------------------------
 * Collision checks for many items at once (drags of a selection, a new row, a 5,000-rack hall): a sparse
 * tile index instead of comparing every pair, with the technician-facing sentence still coming from
 * placementProblem.
 * -------------------------------------------------------------------------------------------------- */

/** Anything standing on the floor: a rack, a CDU, a CRAH or CRAC. */
export type FloorItemKind = 'rack' | 'CDU' | 'CRAH' | 'CRAC';

export interface FloorItem extends Placed {
  readonly id: number;
  readonly name: string;
  readonly kind: FloorItemKind;
}

/** Which items cover which tiles; built once, asked many times. */
export class OccupancyIndex {
  private readonly byTile = new Map<number, FloorItem[]>();
  /** Keys are tile x + y * stride; rooms are at most 2,000 tiles wide, and items may stick out while dragged. */
  private static readonly STRIDE = 1 << 16;

  constructor(items: Iterable<FloorItem>) {
    for (const item of items) this.add(item);
  }

  add(item: FloorItem): void {
    const r = footprint(item);
    for (let y = r.y; y < r.y + r.h; y++) {
      for (let x = r.x; x < r.x + r.w; x++) {
        const key = OccupancyIndex.key(x, y);
        const list = this.byTile.get(key);
        if (list) list.push(item);
        else this.byTile.set(key, [item]);
      }
    }
  }

  /** The items that cover any tile of the rectangle, each once. */
  itemsIn(rect: TileRect): FloorItem[] {
    const seen = new Set<FloorItem>();
    for (let y = rect.y; y < rect.y + rect.h; y++) {
      for (let x = rect.x; x < rect.x + rect.w; x++) {
        for (const item of this.byTile.get(OccupancyIndex.key(x, y)) ?? []) seen.add(item);
      }
    }
    return [...seen];
  }

  /** The item on one tile (the first placed, when several overlap), or undefined. */
  itemAt(x: number, y: number): FloorItem | undefined {
    return this.byTile.get(OccupancyIndex.key(Math.floor(x), Math.floor(y)))?.[0];
  }

  private static key(x: number, y: number): number {
    return (y + 1024) * OccupancyIndex.STRIDE + (x + 1024);
  }
}

export interface Candidate extends Placed {
  readonly id: number;
  readonly name: string;
}

/**
 * Checks a set of racks placed at once (a dragged selection, a new row) against the room, against every
 * other item on the floor (racks not in the set, CDUs, CRAHs) and against each other. Returns the first
 * reason to refuse, or null. Items of `floor` whose rack id is in the set are ignored: they are the ones
 * moving.
 */
export function groupPlacementProblem(
  candidates: readonly Candidate[],
  room: { readonly name: string; readonly widthTiles: number; readonly depthTiles: number },
  floor: OccupancyIndex,
): string | null {
  const moving = new Set(candidates.map((c) => c.id));
  const placedSoFar = new OccupancyIndex([]);
  for (const candidate of candidates) {
    const rect = footprint(candidate);
    const nearby = [
      ...floor.itemsIn(rect).filter((item) => !(item.kind === 'rack' && moving.has(item.id))),
      ...placedSoFar.itemsIn(rect),
    ];
    const problem = placementProblem(candidate, room, nearby);
    if (problem) return problem;
    placedSoFar.add({ ...candidate, kind: 'rack' });
  }
  return null;
}

/* ----------------------------------------------------------------------------------------------------
 * Rows and aisles.
 * -------------------------------------------------------------------------------------------------- */

export type AisleKind = 'cold' | 'hot' | 'mixed';

export interface RowShape {
  readonly id: number;
  readonly name: string;
  /** The racks' common facing (the most frequent one when they disagree). */
  readonly facing: Facing;
  readonly rect: TileRect;
}

export interface Aisle {
  readonly kind: AisleKind;
  readonly rect: TileRect;
  /** The two rows on either side, north/west first. */
  readonly rowIds: readonly [number, number];
  readonly rowNames: readonly [string, string];
}

/** Rows further apart than this are not sharing an aisle: that is open floor. */
export const MAX_AISLE_TILES = 6;

/** A row's outline and facing from its racks; null for a row without racks. */
export function rowShape(row: { readonly id: number; readonly name: string }, racks: readonly Placed[]): RowShape | null {
  const rect = boundingRect(racks.map(footprint));
  if (!rect) return null;
  const counts = new Map<Facing, number>();
  for (const r of racks) counts.set(r.facing, (counts.get(r.facing) ?? 0) + 1);
  let facing: Facing = 'S';
  let best = -1;
  for (const [f, n] of counts) {
    if (n > best) {
      best = n;
      facing = f;
    }
  }
  return { id: row.id, name: row.name, facing, rect };
}

const alongX = (f: Facing): boolean => f === 'N' || f === 'S';

/**
 * The aisles between neighbouring rows, named by what faces them: the aisle two front faces look onto
 * is cold, the aisle two backs exhaust into is hot, a front facing a back is mixed (a layout problem a
 * technician wants to see). Rows running along x pair north–south, rows running along y pair east–west;
 * an aisle is only drawn where the rows overlap, nothing else stands between them, and they are at most
 * MAX_AISLE_TILES apart.
 */
export function deriveAisles(rows: readonly RowShape[]): Aisle[] {
  const aisles: Aisle[] = [];
  for (const a of rows) {
    for (const b of rows) {
      if (a === b || alongX(a.facing) !== alongX(b.facing)) continue;
      const horizontal = alongX(a.facing);
      // a is north (or west) of b, separated by a gap.
      const aFar = horizontal ? a.rect.y + a.rect.h : a.rect.x + a.rect.w;
      const bNear = horizontal ? b.rect.y : b.rect.x;
      const gap = bNear - aFar;
      if (gap < 1 || gap > MAX_AISLE_TILES) continue;
      const lo = Math.max(horizontal ? a.rect.x : a.rect.y, horizontal ? b.rect.x : b.rect.y);
      const hi = Math.min(horizontal ? a.rect.x + a.rect.w : a.rect.y + a.rect.h, horizontal ? b.rect.x + b.rect.w : b.rect.y + b.rect.h);
      if (hi <= lo) continue;
      const rect: TileRect = horizontal ? { x: lo, y: aFar, w: hi - lo, h: gap } : { x: aFar, y: lo, w: gap, h: hi - lo };
      if (rows.some((c) => c !== a && c !== b && overlaps(rect, c.rect))) continue;
      const aFront = a.facing === (horizontal ? 'S' : 'E');
      const bFront = b.facing === (horizontal ? 'N' : 'W');
      const kind: AisleKind = aFront && bFront ? 'cold' : !aFront && !bFront ? 'hot' : 'mixed';
      aisles.push({ kind, rect, rowIds: [a.id, b.id], rowNames: [a.name, b.name] });
    }
  }
  return aisles;
}

/* ----------------------------------------------------------------------------------------------------
 * A row of racks laid in one gesture.
 * -------------------------------------------------------------------------------------------------- */

export interface RowPlanSpec {
  /** Where the first rack stands (its footprint's north-west tile). */
  readonly gridX: number;
  readonly gridY: number;
  /** Which way the row grows from the first rack; must run along the racks' width (across their facing). */
  readonly direction: Facing;
  readonly count: number;
  readonly facing: Facing;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly namePrefix: string;
  readonly firstNumber: number;
}

/** Digits of the number in a generated rack name: R07-01 … R07-24, or more digits for long rows. */
export function rackNumberDigits(spec: Pick<RowPlanSpec, 'count' | 'firstNumber'>): number {
  return Math.max(2, String(spec.firstNumber + spec.count - 1).length);
}

/** Why the direction cannot work for this facing, or null. */
export function rowDirectionProblem(spec: Pick<RowPlanSpec, 'direction' | 'facing'>): string | null {
  if (alongX(spec.direction) === alongX(spec.facing)) {
    return `A row of racks facing ${spec.facing} runs ${alongX(spec.facing) ? 'east or west' : 'north or south'}, not ${spec.direction}: racks stand side by side, not front to back.`;
  }
  return null;
}

/** Where each rack of a new row stands, and its name. Pure, so the map can preview exactly what the core will write. */
export function planRackRow(spec: RowPlanSpec): Array<Placed & { readonly name: string }> {
  const digits = rackNumberDigits(spec);
  const step = spec.widthTiles;
  const dx = spec.direction === 'E' ? step : spec.direction === 'W' ? -step : 0;
  const dy = spec.direction === 'S' ? step : spec.direction === 'N' ? -step : 0;
  const racks: Array<Placed & { readonly name: string }> = [];
  for (let i = 0; i < spec.count; i++) {
    racks.push({
      name: `${spec.namePrefix}${String(spec.firstNumber + i).padStart(digits, '0')}`,
      gridX: spec.gridX + dx * i,
      gridY: spec.gridY + dy * i,
      widthTiles: spec.widthTiles,
      depthTiles: spec.depthTiles,
      facing: spec.facing,
    });
  }
  return racks;
}
