import type { editingRequests } from '../requests/editing';
import type { HandlerContext, HandlersFor } from './context';
import { rackDetail } from '../../inventory/rack';
import { deviceDetail, deviceTypes } from '../../inventory/device';
import { changesFor } from '../../inventory/change-log';
import * as writes from '../../inventory/writes';
import { exportInventory, importInventory } from '../../importers/inventory';
import { undoLastChangeReopeningAudit } from '../../audit/undo';
import { typesForSpace } from '../../inventory/space-types';

function by(ctx: HandlerContext, reason: string | undefined): writes.WriteOptions {
  return { actor: ctx.actor, reason: reason ?? null };
}

export const editingHandlers: HandlersFor<keyof typeof editingRequests> = {
  'rack.detail': (ctx, input) => rackDetail(ctx.db, input.rackId),
  'device.detail': (ctx, input) => deviceDetail(ctx.db, input.deviceId),
  'catalog.deviceTypes': (ctx) => deviceTypes(ctx.db),
  'rack.typesForSpace': (ctx, input) => typesForSpace(ctx.db, input),
  'history.entity': (ctx, input) => changesFor(ctx.db, input.entity, input.entityId, input.limit),

  'site.create': (ctx, input) => writes.createSite(ctx.db, by(ctx, input.reason), input.fields),
  'site.update': (ctx, input) => writes.updateSite(ctx.db, by(ctx, input.reason), input.id, input.patch),
  'site.delete': (ctx, input) => writes.deleteSite(ctx.db, by(ctx, input.reason), input.id),
  'room.create': (ctx, input) => writes.createRoom(ctx.db, by(ctx, input.reason), input.fields),
  'room.update': (ctx, input) => writes.updateRoom(ctx.db, by(ctx, input.reason), input.id, input.patch),
  'room.delete': (ctx, input) => writes.deleteRoom(ctx.db, by(ctx, input.reason), input.id),
  'rack.create': (ctx, input) => writes.createRack(ctx.db, by(ctx, input.reason), input.fields),
  'rack.update': (ctx, input) => writes.updateRack(ctx.db, by(ctx, input.reason), input.id, input.patch),
  'rack.delete': (ctx, input) => writes.deleteRack(ctx.db, by(ctx, input.reason), input.id),
  'device.create': (ctx, input) => writes.createDevice(ctx.db, by(ctx, input.reason), input.fields),
  'device.update': (ctx, input) => writes.updateDevice(ctx.db, by(ctx, input.reason), input.id, input.patch),
  'device.delete': (ctx, input) => writes.deleteDevice(ctx.db, by(ctx, input.reason), input.id),
  'accelerator.create': (ctx, input) => writes.createAccelerator(ctx.db, by(ctx, input.reason), input.fields),
  'accelerator.update': (ctx, input) => writes.updateAccelerator(ctx.db, by(ctx, input.reason), input.id, input.patch),
  'accelerator.delete': (ctx, input) => writes.deleteAccelerator(ctx.db, by(ctx, input.reason), input.id),
  'changes.undo': (ctx, input) => undoLastChangeReopeningAudit(ctx.db, by(ctx, input.reason)),

  'inventory.import': (ctx, input) =>
    importInventory({
      db: ctx.db,
      actor: ctx.actor,
      kind: input.kind,
      source: input.source,
      dryRun: input.dryRun,
      reason: input.reason,
      onProgress: ctx.onProgress,
      signal: ctx.signal,
    }),
  'inventory.export': (ctx, input) => exportInventory(ctx.db, input.kind, ctx.onProgress),
};
