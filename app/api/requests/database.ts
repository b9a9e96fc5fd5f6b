import { z } from 'zod';
import type { DatabaseInfo, IntegrityReport, BackupResult } from '../../db/maintenance';
import { request } from './define';
import { none } from './inventory';

export const databaseRequests = {
  'db.info': request<DatabaseInfo>()(none),
  'db.check': request<IntegrityReport>()(none),
  /** Writes a file where the caller names it: CLI only (the console cannot name paths). */
  'db.backup': request<BackupResult>()(z.object({ out: z.string().min(1).max(4096) }).strict(), { console: false }),
} as const;
