import type { TileRect } from '../floor/geometry';
import { gridSize, type FieldGridSpec } from './field';

/**
 * Which cells of the field are open floor. The grid covers exactly the room (rooms are rectangles of
 * tiles), so "masked to the room" is the grid itself; on top of that, cells whose centre lies under a
 * rack or a cooling unit are closed: the air temperature inside a cabinet is not the inlet field, and
 * the racks are drawn over those cells anyway.
 */
export function floorMask(spec: Pick<FieldGridSpec, 'widthTiles' | 'depthTiles' | 'cellsPerTile'>, closed: readonly TileRect[]): Uint8Array {
  const { cols, rows } = gridSize(spec);
  const mask = new Uint8Array(cols * rows).fill(1);
  const cpt = spec.cellsPerTile;
  for (const rect of closed) {
    // Cell c's centre is at (c + 0.5) / cpt tiles; it is under the rect when x ≤ centre < x + w.
    const c0 = Math.max(0, Math.ceil(rect.x * cpt - 0.5));
    const c1 = Math.min(cols, Math.ceil((rect.x + rect.w) * cpt - 0.5));
    const r0 = Math.max(0, Math.ceil(rect.y * cpt - 0.5));
    const r1 = Math.min(rows, Math.ceil((rect.y + rect.h) * cpt - 0.5));
    for (let r = r0; r < r1; r++) mask.fill(0, r * cols + c0, r * cols + Math.max(c0, c1));
  }
  return mask;
}
