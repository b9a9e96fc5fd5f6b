import fs from 'node:fs';
import path from 'node:path';
import type { powerRequests } from '../requests/power';
import type { HandlersFor } from './context';
import { FloorwalkError } from '../../core/errors';
import { decodeCsvBytes } from '../../core/csv';
import { failoverReport } from '../../power/failover';
import { importPowerCsv } from '../../power/import';
import { powerChainView } from '../../power/view';
import { deleteElement, saveElement, setFeed } from '../../power/writes';

function readText(file: string): string {
  try {
    return decodeCsvBytes(fs.readFileSync(file)).text;
  } catch (error) {
    throw new FloorwalkError('io_error', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { field: 'source' });
  }
}

export const powerHandlers: HandlersFor<keyof typeof powerRequests> = {
  'power.failover': (ctx, input) => failoverReport(ctx.db, input.roomId),
  'power.chain': (ctx, input) => powerChainView(ctx.db, input.roomId),
  'power.element.save': (ctx, input) => ctx.db.transaction(() => saveElement(ctx, input.fields, input.id, input.reason))(),
  'power.element.delete': (ctx, input) => {
    ctx.db.transaction(() => deleteElement(ctx, input.id, input.reason))();
    return { deleted: input.id };
  },
  'power.feed.set': (ctx, input) => {
    ctx.db.transaction(() => setFeed(ctx, { rackId: input.rackId, side: input.side, elementId: input.elementId, pduDeviceId: input.pduDeviceId ?? null }, input.reason))();
    return { rackId: input.rackId, side: input.side, elementId: input.elementId };
  },
  'power.import': (ctx, input) => {
    const source = 'path' in input.source ? { text: readText(input.source.path), name: path.basename(input.source.path) } : input.source;
    return importPowerCsv(ctx, { kind: input.kind, text: source.text, name: source.name || 'the power chain file', dryRun: input.dryRun, reason: input.reason });
  },
};
