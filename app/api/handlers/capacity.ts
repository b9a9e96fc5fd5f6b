import type { capacityRequests } from '../requests/capacity';
import type { HandlersFor } from './context';
import { capacityReport } from '../../capacity/report';
import { placement } from '../../capacity/placement';
import { energyReport } from '../../capacity/energy';

export const capacityHandlers: HandlersFor<keyof typeof capacityRequests> = {
  'capacity.room': (ctx, input) => capacityReport(ctx.db, input.roomId),
  'capacity.placement': (ctx, input) => placement(ctx.db, input),
  'capacity.energy': (ctx, input) => energyReport(ctx.db, input.roomId),
};
