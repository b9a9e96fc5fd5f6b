import type { RackCooling } from '../../app/inventory/types';

export const COOLING_LABELS: Readonly<Record<RackCooling, string>> = {
  air: 'Air',
  rdhx: 'Rear-door HX',
  dlc: 'Direct liquid',
  immersion: 'Immersion',
};
