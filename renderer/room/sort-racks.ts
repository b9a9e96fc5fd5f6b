import type { RackSummary } from '../../app/inventory/room';
import { ratio } from '../shell/format';

/** Sort keys of the racks table. Pure. */
export type RackSortKey = 'name' | 'row' | 'uUsed' | 'power' | 'cooling' | 'loop' | 'devices' | 'accelerators' | 'acceleratorsNotOk';

export interface RackSort {
  readonly key: RackSortKey;
  readonly descending: boolean;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function value(rack: RackSummary, key: RackSortKey): string | number {
  switch (key) {
    case 'name':
      return rack.name;
    case 'row':
      return rack.row ?? '';
    case 'uUsed':
      return rack.uHeight > 0 ? rack.uUsed / rack.uHeight : 0;
    case 'power': {
      const r = ratio(rack.powerMaxKw, rack.powerBudgetKw);
      return Number.isFinite(r) ? r : Number.MAX_VALUE;
    }
    case 'cooling':
      return rack.cooling;
    case 'loop':
      return rack.loop ?? '';
    case 'devices':
      return rack.devices;
    case 'accelerators':
      return rack.accelerators;
    case 'acceleratorsNotOk':
      return rack.acceleratorsNotOk;
  }
}

/** Stable: ties keep floor order (the order the core returned). */
export function sortRacks(racks: readonly RackSummary[], sort: RackSort): RackSummary[] {
  const indexed = racks.map((rack, index) => ({ rack, index, v: value(rack, sort.key) }));
  indexed.sort((a, b) => {
    const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : collator.compare(String(a.v), String(b.v));
    return (sort.descending ? -c : c) || a.index - b.index;
  });
  return indexed.map((x) => x.rack);
}
