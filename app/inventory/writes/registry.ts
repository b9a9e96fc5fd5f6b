import { acceleratorOps } from './accelerators';
import { deviceOps } from './devices';
import type { EntityOps } from './entity';
import { rackOps } from './racks';
import { coolingLoopOps, rackRowOps, roomOps } from './rooms';
import { siteOps } from './sites';
import type { EntityName } from './tables';

/** Every kind of row the change log can name and undo can put back. */
export const ENTITY_OPS: { readonly [E in EntityName]: EntityOps<E> } = {
  site: siteOps,
  room: roomOps,
  rack: rackOps,
  device: deviceOps,
  accelerator: acceleratorOps,
  rack_row: rackRowOps,
  cooling_loop: coolingLoopOps,
};

export function isEntityName(name: string): name is EntityName {
  return Object.prototype.hasOwnProperty.call(ENTITY_OPS, name);
}
