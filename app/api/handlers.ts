import type { Db } from '../db/open';
import type { ProgressSink } from '../core/progress';
import type { RequestName, RequestParsed, RequestResult } from './contract';
import { inventoryStats, inventoryTree } from '../inventory/queries';
import { search } from '../inventory/search';
import { roomDetail, roomRacks } from '../inventory/room';
import { recentChanges } from '../inventory/change-log';
import { backupDatabase, checkIntegrity, databaseInfo } from '../db/maintenance';

export interface HandlerContext {
  readonly db: Db;
  readonly dbPath: string;
  /** Who the change log names for writes made through this context. */
  readonly actor: string;
  readonly onProgress?: ProgressSink;
}

export type Handlers = {
  [K in RequestName]: (ctx: HandlerContext, input: RequestParsed<K>) => RequestResult<K> | Promise<RequestResult<K>>;
};

/** The one implementation of the contract. */
export const handlers: Handlers = {
  'inventory.stats': (ctx) => inventoryStats(ctx.db),
  'inventory.tree': (ctx) => inventoryTree(ctx.db),
  'inventory.search': (ctx, input) => search(ctx.db, input.query, input.limit),
  'room.detail': (ctx, input) => roomDetail(ctx.db, input.roomId),
  'room.racks': (ctx, input) => roomRacks(ctx.db, input.roomId),
  'changes.recent': (ctx, input) => recentChanges(ctx.db, input.limit),
  'db.info': (ctx) => databaseInfo(ctx.db, ctx.dbPath),
  'db.check': (ctx) => checkIntegrity(ctx.db),
  'db.backup': (ctx, input) => backupDatabase(ctx.db, input.out),
};
