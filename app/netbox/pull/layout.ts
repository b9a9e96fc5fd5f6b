/**
 * Where racks NetBox gives no floor position for stand in a room Floorwalk creates: rows of
 * RACKS_PER_ROW racks, one tile wide and two deep, with a two-tile aisle between rows and a tile of margin.
 * A technician moves them on the floor map later; NetBox is never told these positions.
 */
export const RACKS_PER_ROW = 20;
const RACK_DEPTH_TILES = 2;
const AISLE_TILES = 2;
const MARGIN_TILES = 1;
const ROW_PITCH_TILES = RACK_DEPTH_TILES + AISLE_TILES;

export function slotPosition(slot: number): { gridX: number; gridY: number } {
  return { gridX: MARGIN_TILES + (slot % RACKS_PER_ROW), gridY: MARGIN_TILES + Math.floor(slot / RACKS_PER_ROW) * ROW_PITCH_TILES };
}

/** The room size that holds `slots` rack slots. */
export function roomSizeFor(slots: number): { widthTiles: number; depthTiles: number } {
  const rows = Math.max(1, Math.ceil(slots / RACKS_PER_ROW));
  return { widthTiles: RACKS_PER_ROW + 2 * MARGIN_TILES, depthTiles: rows * ROW_PITCH_TILES + 2 * MARGIN_TILES };
}
