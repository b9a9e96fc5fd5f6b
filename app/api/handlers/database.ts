import type { databaseRequests } from '../requests/database';
import type { HandlersFor } from './context';
import { backupDatabase, checkIntegrity, databaseInfo } from '../../db/maintenance';

export const databaseHandlers: HandlersFor<keyof typeof databaseRequests> = {
  'db.info': (ctx) => databaseInfo(ctx.db, ctx.dbPath),
  'db.check': (ctx) => checkIntegrity(ctx.db),
  'db.backup': (ctx, input) => backupDatabase(ctx.db, input.out),
};
