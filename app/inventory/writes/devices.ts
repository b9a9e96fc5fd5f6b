import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import {
  acceleratorSlotProblem,
  assertIdentityFree,
  findUClash,
  heldAccelerators,
  rackOccupants,
  uClashMessage,
  uFitProblem,
  type DeviceTypeShape,
} from '../rules';
import { cached, deleteRow, loadRowsWhere } from './tables';
import { notFound, type EntityOps, type NewRow } from './entity';

const DEVICE_TYPE_SQL = `SELECT id, vendor, model, u_height AS uHeight, full_depth AS fullDepth, accel_count AS accelCount, accel_model AS accelModel
  FROM device_types WHERE id = ?`;

export function loadDeviceType(db: Db, typeId: number): DeviceTypeShape | null {
  const row = cached(db, DEVICE_TYPE_SQL).get(typeId) as (Omit<DeviceTypeShape, 'fullDepth'> & { fullDepth: number }) | undefined;
  return row ? { ...row, fullDepth: row.fullDepth === 1 } : null;
}

function validateDevice(db: Db, row: NewRow<'device'>, selfId: number | null): void {
  const type = loadDeviceType(db, row.typeId);
  if (!type) throw notFound('device type', row.typeId, 'typeId');
  let rack: { name: string; uHeight: number } | null = null;
  if (row.rackId !== null) {
    rack = (cached(db, 'SELECT name, u_height AS uHeight FROM racks WHERE id = ?').get(row.rackId) as { name: string; uHeight: number } | undefined) ?? null;
    if (!rack) throw notFound('rack', row.rackId, 'rackId');
  }
  const fit = uFitProblem(type, row.uPosition, rack);
  if (fit) throw new FloorwalkError('rule_violation', fit, { field: 'uPosition' });
  if (rack && row.rackId !== null && row.uPosition !== null) {
    const clash = findUClash({ id: selfId, uPosition: row.uPosition, uHeight: type.uHeight, face: row.face, fullDepth: type.fullDepth }, rackOccupants(db, row.rackId));
    if (clash) {
      throw new FloorwalkError('rule_violation', uClashMessage({ uPosition: row.uPosition, uHeight: type.uHeight, model: `${type.vendor} ${type.model}` }, rack.name, clash), {
        field: 'uPosition',
      });
    }
  }
  const self = selfId === null ? null : { entity: 'device' as const, id: selfId };
  assertIdentityFree(db, 'serial', row.serial, self);
  assertIdentityFree(db, 'assetTag', row.assetTag, self);
  assertIdentityFree(db, 'hostname', row.hostname, self);
  if (selfId !== null) {
    // A new type must still have a slot for every accelerator the device holds.
    const slots = acceleratorSlotProblem(type, heldAccelerators(db, selfId));
    if (slots) throw new FloorwalkError('rule_violation', slots, { field: 'typeId' });
  }
}

export const deviceOps: EntityOps<'device'> = {
  entity: 'device',
  noun: 'device',
  moveFields: ['rackId', 'uPosition', 'face'],
  name: (row) => `device ${row.hostname ?? row.serial ?? row.id}`,
  validate: validateDevice,
  settle(before, next) {
    return next.rackId === null && before.rackId !== null && next.uPosition === before.uPosition ? { ...next, uPosition: null } : next;
  },
  deleteBlocker: () => null,
  /** Its accelerators leave with it, each logged, so undo puts every one back in its slot. */
  cascade(db, row, recorder) {
    for (const accelerator of loadRowsWhere(db, 'accelerator', 'device_id', row.id)) {
      deleteRow(db, 'accelerator', accelerator.id);
      recorder.log('accelerator', accelerator.id, 'delete', accelerator, null);
    }
  },
};
