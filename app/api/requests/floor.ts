import { z } from 'zod';
import type { AddRowResult, FloorData, MoveResult, PackedFloorData } from '../../floor/types';
import { FACINGS, RACK_COOLING, type Facing, type RackCooling } from '../../inventory/types';
import { request } from './define';
import { id } from './inventory';
import { name } from './identifier';

const facing = z.enum(FACINGS as [Facing, ...Facing[]]);
const tile = z.number().int().min(0).max(1999);
const reason = z.string().max(500).optional();

/** The most racks one gesture may move or add: a whole hall's selection, not an unbounded list. */
export const MAX_RACKS_PER_GESTURE = 5000;

export const floorRequests = {
  /** The room's floor map: rows, aisles, racks with the figures to colour by, cooling units, sensors. */
  'floor.data': request<FloorData>()(z.object({ roomId: id }).strict(), { access: 'read' }),
  /** The same, racks column by column (app/floor/packed.ts): what the console's map loads, ~1/6 the JSON. */
  'floor.map': request<PackedFloorData>()(z.object({ roomId: id }).strict(), { access: 'read' }),
  /** Moves a selection of racks, all or nothing, one change-log entry per rack in one change set. */
  'rack.move': request<MoveResult>()(
    z
      .object({
        moves: z
          .array(z.object({ rackId: id, gridX: tile, gridY: tile, facing: facing.optional() }).strict())
          .min(1)
          .max(MAX_RACKS_PER_GESTURE),
        reason,
      })
      .strict(),
  ),
  /** Adds a row of N racks in one gesture, from a start tile in a direction. */
  'row.addRacks': request<AddRowResult>()(
    z
      .object({
        roomId: id,
        row: name(60, 'Row name'),
        gridX: tile,
        gridY: tile,
        direction: facing,
        count: z.number().int().min(1).max(200),
        facing,
        namePrefix: name(50, 'Rack name prefix'),
        firstNumber: z.number().int().min(0).max(9999).default(1),
        widthTiles: z.number().int().min(1).max(4).default(1),
        depthTiles: z.number().int().min(1).max(4).default(2),
        uHeight: z.number().int().min(1).max(60).default(42),
        powerBudgetKw: z.number().min(0).max(1000).default(17.3),
        cooling: z.enum(RACK_COOLING as [RackCooling, ...RackCooling[]]).default('air'),
        reason,
      })
      .strict(),
  ),
} as const;
