import type { inventoryRequests } from '../requests/inventory';
import type { HandlersFor } from './context';
import { inventoryStats, inventoryTree } from '../../inventory/queries';
import { search } from '../../inventory/search';
import { roomDetail, roomRacks } from '../../inventory/room';
import { recentChanges } from '../../inventory/change-log';

export const inventoryHandlers: HandlersFor<keyof typeof inventoryRequests> = {
  'inventory.stats': (ctx) => inventoryStats(ctx.db),
  'inventory.tree': (ctx) => inventoryTree(ctx.db),
  'inventory.search': (ctx, input) => search(ctx.db, input.query, input.limit),
  'room.detail': (ctx, input) => roomDetail(ctx.db, input.roomId),
  'room.racks': (ctx, input) => roomRacks(ctx.db, input.roomId),
  'changes.recent': (ctx, input) => recentChanges(ctx.db, input.limit),
};
