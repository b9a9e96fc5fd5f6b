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
