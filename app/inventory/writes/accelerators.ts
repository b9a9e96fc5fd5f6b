import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import { acceleratorNoun, assertIdentityFree, devicePlace } from '../rules';
import { cached } from './tables';
import { notFound, type EntityOps, type NewRow } from './entity';

function validateAccelerator(db: Db, row: NewRow<'accelerator'>, selfId: number | null): void {
  const device = cached(
    db,
    'SELECT t.vendor, t.model, t.accel_count AS accelCount FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.id = ?',
  ).get(row.deviceId) as { vendor: string; model: string; accelCount: number } | undefined;
  if (!device) throw notFound('device', row.deviceId, 'deviceId');
  const place = devicePlace(db, row.deviceId);
  const where = place ? `${place.label} (${place.path})` : `device ${row.deviceId}`;
  if (device.accelCount === 0) {
    throw new FloorwalkError('rule_violation', `${where} is a ${device.vendor} ${device.model}, which has no accelerator slots.`, { field: 'deviceId' });
  }
  if (row.slot >= device.accelCount) {
    throw new FloorwalkError(
      'rule_violation',
      `Slot ${row.slot} does not exist on ${where}: a ${device.vendor} ${device.model} has slots 0–${device.accelCount - 1}.`,
      { field: 'slot' },
    );
  }
  const occupant = cached(db, 'SELECT id, model, serial FROM accelerators WHERE device_id = ? AND slot = ? AND id IS NOT ?').get(row.deviceId, row.slot, selfId) as
    | { id: number; model: string; serial: string | null }
    | undefined;
  if (occupant) {
    throw new FloorwalkError(
      'conflict',
      `Slot ${row.slot} of ${where} already holds ${acceleratorNoun(occupant.model)} ${occupant.serial ?? `#${occupant.id}`} (${occupant.model}); remove it first.`,
      { field: 'slot' },
    );
  }
  const self = selfId === null ? null : { entity: 'accelerator' as const, id: selfId };
  assertIdentityFree(db, 'serial', row.serial, self);
  assertIdentityFree(db, 'uuid', row.uuid, self);
}

export const acceleratorOps: EntityOps<'accelerator'> = {
  entity: 'accelerator',
  noun: 'accelerator',
  moveFields: ['deviceId', 'slot'],
  name: (row) => `accelerator ${row.serial ?? row.id}`,
  validate: validateAccelerator,
  deleteBlocker: () => null,
};
