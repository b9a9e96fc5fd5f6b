import { describe, expect, it } from 'vitest';
import {
  backEdge,
  deriveAisles,
  floorToRack,
  footprint,
  frontEdge,
  groupPlacementProblem,
  inletPoint,
  insideRoom,
  OccupancyIndex,
  overlaps,
  placementProblem,
  planRackRow,
  rackToFloor,
  rowDirectionProblem,
  rowShape,
  type FloorItem,
  type Placed,
} from '../../app/floor/geometry';
import type { Facing } from '../../app/inventory/types';

const rack = (gridX: number, gridY: number, facing: Facing = 'S', widthTiles = 1, depthTiles = 2): Placed => ({ gridX, gridY, facing, widthTiles, depthTiles });
const item = (id: number, name: string, p: Placed, kind: FloorItem['kind'] = 'rack'): FloorItem => ({ ...p, id, name, kind });
const room = { name: 'DH1', widthTiles: 10, depthTiles: 8 };

describe('footprint and facing', () => {
  it('keeps width along x for racks facing north or south and turns it for east or west', () => {
    expect(footprint(rack(3, 4, 'S', 1, 2))).toEqual({ x: 3, y: 4, w: 1, h: 2 });
    expect(footprint(rack(3, 4, 'N', 2, 3))).toEqual({ x: 3, y: 4, w: 2, h: 3 });
    expect(footprint(rack(3, 4, 'E', 1, 2))).toEqual({ x: 3, y: 4, w: 2, h: 1 });
    expect(footprint(rack(3, 4, 'W', 2, 3))).toEqual({ x: 3, y: 4, w: 3, h: 2 });
  });

  it('puts the front edge on the side the rack faces and the back edge opposite', () => {
    expect(frontEdge(rack(3, 4, 'S'))).toEqual({ x1: 3, y1: 6, x2: 4, y2: 6 });
    expect(backEdge(rack(3, 4, 'S'))).toEqual({ x1: 3, y1: 4, x2: 4, y2: 4 });
    expect(frontEdge(rack(3, 4, 'N'))).toEqual({ x1: 3, y1: 4, x2: 4, y2: 4 });
    expect(backEdge(rack(3, 4, 'N'))).toEqual({ x1: 3, y1: 6, x2: 4, y2: 6 });
    expect(frontEdge(rack(3, 4, 'E'))).toEqual({ x1: 5, y1: 4, x2: 5, y2: 5 });
    expect(frontEdge(rack(3, 4, 'W'))).toEqual({ x1: 3, y1: 4, x2: 3, y2: 5 });
    expect(inletPoint(rack(3, 4, 'S'))).toEqual({ x: 3.5, y: 6 });
  });

  it('maps rack-local points to the floor and back for every facing', () => {
    for (const facing of ['N', 'E', 'S', 'W'] as const) {
      const r = rack(5, 2, facing, 2, 3);
      // The front middle is the inlet point whatever the facing.
      expect(rackToFloor(r, 1, 0)).toEqual(inletPoint(r));
      for (const [u, v] of [
        [0, 0],
        [0.5, 1.5],
        [2, 3],
      ] as const) {
        const floor = rackToFloor(r, u, v);
        const back = floorToRack(r, floor.x, floor.y);
        expect(back.u).toBeCloseTo(u);
        expect(back.v).toBeCloseTo(v);
      }
    }
  });
});

describe('bounds and collision', () => {
  it('accepts a rack touching the walls and refuses one a tile outside', () => {
    expect(insideRoom(footprint(rack(9, 6)), room)).toBe(true);
    expect(insideRoom(footprint(rack(9, 7)), room)).toBe(false);
    expect(insideRoom(footprint(rack(9, 6, 'E')), room)).toBe(false);
    expect(placementProblem({ ...rack(9, 7), name: 'X' }, room, [])).toMatch(/outside room DH1, which is 10 × 8 tiles/);
  });

  it('treats touching edges as free and shared tiles as a collision', () => {
    expect(overlaps(footprint(rack(2, 2)), footprint(rack(3, 2)))).toBe(false);
    expect(overlaps(footprint(rack(2, 2)), footprint(rack(2, 3)))).toBe(true);
    expect(placementProblem({ ...rack(2, 3), name: 'X' }, room, [{ ...rack(2, 2), name: 'A-01' }])).toBe('Rack X would overlap A-01 on the floor at (2, 3).');
  });

  it('indexes tiles so a lookup finds each item once', () => {
    const index = new OccupancyIndex([item(1, 'A-01', rack(2, 2)), item(2, 'CDU', rack(3, 2, 'S', 1, 2), 'CDU')]);
    expect(index.itemAt(2.7, 3.1)?.name).toBe('A-01');
    expect(index.itemAt(4, 2)).toBeUndefined();
    expect(index.itemsIn({ x: 2, y: 2, w: 2, h: 2 }).map((i) => i.name).sort()).toEqual(['A-01', 'CDU']);
  });

  it('checks a moved selection against the others, cooling units and itself, ignoring its own old places', () => {
    const floor = new OccupancyIndex([
      item(1, 'A-01', rack(2, 2)),
      item(2, 'A-02', rack(3, 2)),
      item(3, 'A-03', rack(4, 2)),
      item(7, 'CDU-A', rack(1, 2), 'CDU'),
    ]);
    // Sliding one tile east: A-02 lands on A-03 (not moving) → refused.
    expect(groupPlacementProblem([{ ...rack(3, 2), id: 1, name: 'A-01' }, { ...rack(4, 2), id: 2, name: 'A-02' }], room, floor)).toMatch(/A-02 would overlap A-03/);
    // Sliding A-02 and A-03 one tile east: A-02 takes A-03's old tile, which A-03 leaves → fine.
    expect(groupPlacementProblem([{ ...rack(4, 2), id: 2, name: 'A-02' }, { ...rack(5, 2), id: 3, name: 'A-03' }], room, floor)).toBeNull();
    // Onto the CDU.
    expect(groupPlacementProblem([{ ...rack(1, 2), id: 1, name: 'A-01' }], room, floor)).toMatch(/A-01 would overlap CDU-A/);
    // Two moved racks onto the same free tile.
    expect(groupPlacementProblem([{ ...rack(7, 5), id: 1, name: 'A-01' }, { ...rack(7, 5), id: 2, name: 'A-02' }], room, floor)).toMatch(/A-02 would overlap A-01/);
    // Outside the room.
    expect(groupPlacementProblem([{ ...rack(-1, 2), id: 1, name: 'A-01' }], room, floor)).toMatch(/outside room/);
  });
});

describe('rows and aisles', () => {
  const row = (id: number, name: string, y: number, facing: Facing, x0 = 2, n = 4) =>
    rowShape(
      { id, name },
      Array.from({ length: n }, (_, i) => rack(x0 + i, y, facing)),
    )!;

  it('outlines a row and takes its most common facing', () => {
    const shape = rowShape({ id: 1, name: 'A' }, [rack(2, 2, 'S'), rack(3, 2, 'S'), rack(4, 2, 'N')]);
    expect(shape).toEqual({ id: 1, name: 'A', facing: 'S', rect: { x: 2, y: 2, w: 3, h: 2 } });
    expect(rowShape({ id: 2, name: 'empty' }, [])).toBeNull();
  });

  it('calls the aisle between two fronts cold and between two backs hot', () => {
    const aisles = deriveAisles([row(1, 'A', 2, 'S'), row(2, 'B', 6, 'N'), row(3, 'C', 10, 'S')]);
    expect(aisles).toEqual([
      { kind: 'cold', rect: { x: 2, y: 4, w: 4, h: 2 }, rowIds: [1, 2], rowNames: ['A', 'B'] },
      { kind: 'hot', rect: { x: 2, y: 8, w: 4, h: 2 }, rowIds: [2, 3], rowNames: ['B', 'C'] },
    ]);
  });

  it('calls a front facing a back mixed, and pairs east/west-facing rows along x', () => {
    expect(deriveAisles([row(1, 'A', 2, 'S'), row(2, 'B', 6, 'S')]).map((a) => a.kind)).toEqual(['mixed']);
    const west = rowShape({ id: 1, name: 'W' }, [rack(2, 1, 'E'), rack(2, 2, 'E')])!;
    const east = rowShape({ id: 2, name: 'E' }, [rack(6, 1, 'W'), rack(6, 2, 'W')])!;
    expect(deriveAisles([west, east])).toEqual([{ kind: 'cold', rect: { x: 4, y: 1, w: 2, h: 2 }, rowIds: [1, 2], rowNames: ['W', 'E'] }]);
  });

  it('draws no aisle across a row in between, between rows that do not overlap, or across open floor', () => {
    expect(deriveAisles([row(1, 'A', 2, 'S'), row(2, 'B', 6, 'N'), row(3, 'M', 4, 'S', 3, 1)]).filter((a) => a.rowNames.join() === 'A,B')).toEqual([]);
    expect(deriveAisles([row(1, 'A', 2, 'S', 0, 2), row(2, 'B', 6, 'N', 5, 2)])).toEqual([]);
    expect(deriveAisles([row(1, 'A', 2, 'S'), row(2, 'B', 20, 'N')])).toEqual([]);
    // Back to back with no gap: no aisle.
    expect(deriveAisles([row(1, 'A', 2, 'N'), row(2, 'B', 4, 'S')])).toEqual([]);
  });
});

describe('row plans', () => {
  it('names and places racks along the direction, stepping by their width', () => {
    const planned = planRackRow({ gridX: 10, gridY: 3, direction: 'W', count: 3, facing: 'S', widthTiles: 2, depthTiles: 2, namePrefix: 'R41-', firstNumber: 9 });
    expect(planned.map((p) => [p.name, p.gridX, p.gridY])).toEqual([
      ['R41-09', 10, 3],
      ['R41-10', 8, 3],
      ['R41-11', 6, 3],
    ]);
    const down = planRackRow({ gridX: 1, gridY: 1, direction: 'S', count: 2, facing: 'E', widthTiles: 1, depthTiles: 2, namePrefix: 'E', firstNumber: 1 });
    expect(down.map((p) => footprint(p))).toEqual([
      { x: 1, y: 1, w: 2, h: 1 },
      { x: 1, y: 2, w: 2, h: 1 },
    ]);
  });

  it('refuses a row that would grow front to back', () => {
    expect(rowDirectionProblem({ direction: 'S', facing: 'N' })).toMatch(/runs east or west/);
    expect(rowDirectionProblem({ direction: 'E', facing: 'W' })).toMatch(/runs north or south/);
    expect(rowDirectionProblem({ direction: 'E', facing: 'S' })).toBeNull();
  });
});
