import { footprint } from '../floor/geometry';
import type { FloorData } from '../floor/types';
import { interpolateField, type Field } from './field';
import { floorMask } from './mask';
import type { HeatmapFrame } from './types';

/** Floor closed to the field: every rack's and cooling unit's footprint. */
export function closedFloor(floor: Pick<FloorData, 'racks' | 'coolingUnits'>): ReturnType<typeof footprint>[] {
  return [...floor.racks.map((r) => footprint(r)), ...floor.coolingUnits.map((u) => footprint(u))];
}

/** A frame's inlet field over the room's open floor, at the frame's resolution and radius; null without sources. */
export function frameField(floor: Pick<FloorData, 'racks' | 'coolingUnits'>, frame: HeatmapFrame): Field | null {
  if (frame.points.values.length === 0) return null;
  const spec = { widthTiles: frame.room.widthTiles, depthTiles: frame.room.depthTiles, cellsPerTile: frame.field.cellsPerTile, radiusTiles: frame.field.radiusTiles };
  const points = { xs: Float64Array.from(frame.points.xs), ys: Float64Array.from(frame.points.ys), values: Float64Array.from(frame.points.values), count: frame.points.values.length };
  return interpolateField(spec, points, floorMask(spec, closedFloor(floor)));
}
