import type { LoadSource, PowerSide } from '../power/types';
import type { FreeSpan } from './space';

/** What limits a rack (or a row): the first of these to run out. */
export type Binding = 'space' | 'feed' | 'power-budget' | 'power-upstream' | 'cooling' | 'none';

export interface RackCapacity {
  readonly rackId: number;
  readonly rack: string;
  readonly row: string | null;
  readonly uHeight: number;
  readonly freeU: number;
  readonly largestFreeSpanU: number;
  readonly freeSpans: FreeSpan[];
  readonly loadKw: number;
  readonly loadSource: LoadSource;
  readonly budgetKw: number;
  readonly budgetHeadroomKw: number;
  /** Least margin along both feeds with either whole side lost; null when the rack has no modelled chain. */
  readonly upstreamHeadroomKw: number | null;
  /** min(budget headroom, upstream headroom): what the rack may add on power alone (negative = over). */
  readonly powerHeadroomKw: number;
  readonly coolingHeadroomKw: number;
  readonly coolingPool: string;
  readonly coolingProblem: string | null;
  /** Margin of the surviving side when side A (B) is lost as a whole; null when the rack has no such side. */
  readonly headroomOnALossKw: number | null;
  readonly headroomOnBLossKw: number | null;
  readonly feeds: Partial<Record<PowerSide, string>>;
  /** What the rack may really take: 0 without space or redundant feeds, else min(power, cooling), ≥ 0. */
  readonly usableKw: number;
  readonly binding: Binding;
}

export interface StrandedBy {
  readonly space: number;
  readonly feed: number;
  readonly 'power-upstream': number;
  readonly cooling: number;
}

export interface GroupCapacity {
  readonly row: string;
  readonly racks: number;
  readonly freeU: number;
  readonly loadKw: number;
  readonly budgetKw: number;
  /** Budget not yet drawn: Σ max(0, budget − load). */
  readonly budgetHeadroomKw: number;
  /** What the group may add when every rack grows together and shared PDUs, busways and pools are counted once. */
  readonly usableKw: number;
  readonly powerHeadroomKw: number;
  readonly coolingHeadroomKw: number;
  /** Budgeted but unusable: budget headroom − usable. */
  readonly strandedKw: number;
  readonly strandedBy: StrandedBy;
  readonly binding: Binding;
}

export interface CoolingPoolSummary {
  readonly pool: string;
  readonly kind: 'loop' | 'air';
  readonly capacityKw: number;
  readonly loadKw: number;
  readonly headroomKw: number;
  readonly units: number;
}

export interface CapacityReport {
  readonly roomId: number;
  readonly room: string;
  readonly racks: RackCapacity[];
  readonly rows: GroupCapacity[];
  readonly hall: GroupCapacity;
  readonly pools: CoolingPoolSummary[];
}
