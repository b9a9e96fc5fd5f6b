import type { Db } from '../../db/open';
import { footprint, placementProblem, type TileRect } from '../../floor/geometry';
import type { FloorItem } from '../../inventory/rules';
import type { RoomRef } from './lookup';

/**
 * A room's floor as a tile map, for checking thousands of racks of one file without comparing every pair:
 * each tile remembers what stands on it, so a rack is checked against only the tiles it covers.
 */
export class FloorMap {
  private readonly tiles: Int32Array;
  private readonly items: FloorItem[] = [];
  /** Where the free-spot search resumes, per footprint size: earlier spots were taken already. */
  private readonly cursor = new Map<string, number>();

  constructor(readonly room: RoomRef) {
    this.tiles = new Int32Array(room.widthTiles * room.depthTiles);
  }

  /** Racks and cooling units already in the room, minus the racks the file rewrites. */
  static load(db: Db, room: RoomRef, exceptRackIds: ReadonlySet<number>): FloorMap {
    const map = new FloorMap(room);
    const items = db
      .prepare(
        `SELECT id, 'rack' AS kind, name, grid_x AS gridX, grid_y AS gridY, width_tiles AS widthTiles, depth_tiles AS depthTiles, facing FROM racks WHERE room_id = @id
         UNION ALL SELECT id, 'cooling', name, grid_x, grid_y, width_tiles, depth_tiles, facing FROM cooling_units WHERE room_id = @id`,
      )
      .all({ id: room.id }) as Array<FloorItem & { id: number; kind: string }>;
    for (const item of items) if (!(item.kind === 'rack' && exceptRackIds.has(item.id))) map.paint(item);
    return map;
  }

  private each(rect: TileRect, visit: (index: number) => boolean): boolean {
    const x0 = Math.max(0, rect.x);
    const y0 = Math.max(0, rect.y);
    const x1 = Math.min(this.room.widthTiles, rect.x + rect.w);
    const y1 = Math.min(this.room.depthTiles, rect.y + rect.h);
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (!visit(y * this.room.widthTiles + x)) return false;
    return true;
  }

  /** Marks the item's tiles (the part inside the room) as taken by it. */
  paint(item: FloorItem): void {
    this.items.push(item);
    const mark = this.items.length;
    this.each(footprint(item), (i) => {
      this.tiles[i] = mark;
      return true;
    });
  }

  /** The sentence placementProblem gives (outside the room, or on top of the first thing in the way), or null. */
  problem(candidate: FloorItem): string | null {
    const outside = placementProblem(candidate, this.room, []);
    if (outside) return outside;
    let hit = 0;
    this.each(footprint(candidate), (i) => {
      hit = this.tiles[i] ?? 0;
      return hit === 0;
    });
    const other = hit > 0 ? this.items[hit - 1] : undefined;
    return other ? placementProblem(candidate, this.room, [other]) : null;
  }

  /** The first free spot (row by row from the north-west corner) for a rack of this shape, or null when full. */
  freeSpot(shape: Omit<FloorItem, 'gridX' | 'gridY'>): { gridX: number; gridY: number } | null {
    const probe = footprint({ ...shape, gridX: 0, gridY: 0 });
    const key = `${probe.w}x${probe.h}`;
    const width = this.room.widthTiles;
    for (let at = this.cursor.get(key) ?? 0; at < this.tiles.length; at++) {
      const gridX = at % width;
      const gridY = Math.floor(at / width);
      if (gridX + probe.w > width || gridY + probe.h > this.room.depthTiles) continue;
      if (this.each({ x: gridX, y: gridY, w: probe.w, h: probe.h }, (i) => this.tiles[i] === 0)) {
        this.cursor.set(key, at);
        return { gridX, gridY };
      }
    }
    this.cursor.set(key, this.tiles.length);
    return null;
  }
}
