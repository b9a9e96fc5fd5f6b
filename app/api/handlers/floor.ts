import type { floorRequests } from '../requests/floor';
import type { HandlersFor } from './context';
import { floorData } from '../../floor/data';
import { packFloorData } from '../../floor/packed';
import { moveRacks } from '../../floor/move';
import { addRackRow } from '../../floor/add-row';

export const floorHandlers: HandlersFor<keyof typeof floorRequests> = {
  'floor.data': (ctx, input) => floorData(ctx.db, input.roomId),
  'floor.map': (ctx, input) => packFloorData(floorData(ctx.db, input.roomId)),
  'rack.move': (ctx, input) => moveRacks(ctx, input.moves, input.reason),
  'row.addRacks': (ctx, input) => addRackRow(ctx, input),
};
