import { NVL72_COMPUTE_TRAYS, NVL72_SWITCH_TRAYS } from '../health/domains';

/** Catalog slugs of a GB200 NVL72's parts (migration 009 seeds them). */
export const NVL72_PART_SLUGS = {
  compute: 'nvidia-gb200-nvl72-compute-tray',
  switch: 'nvidia-gb200-nvl72-switch-tray',
  shelf: 'nvidia-gb200-nvl72-power-shelf',
} as const;
export const NVL72_POWER_SHELVES = 8;

export type Nvl72PartKind = 'c' | 's' | 'ps';

export interface Nvl72Part {
  readonly slug: string;
  /** U from the bottom of a 42U rack. */
  readonly u: number;
  /** Compute tray, NVLink switch tray or power shelf. */
  readonly kind: Nvl72PartKind;
  /** The part's number within its kind, as the rack labels it. */
  readonly n: number;
  readonly role: string;
}

const ROLE: Record<Nvl72PartKind, string> = { c: 'gpu-node', s: 'nvlink-switch', ps: 'power-shelf' };

/**
 * Rack elevation of a GB200 NVL72 (NVIDIA's reference MGX layout, top to bottom: power shelves, 10 compute
 * trays, 9 NVLink switch trays, 8 compute trays, power shelves), here in U from the bottom of a 42U rack.
 * One list for the demo hall that builds such racks and for the what-if that plans one.
 */
export function nvl72Elevation(): Nvl72Part[] {
  const out: Nvl72Part[] = [];
  let u = 2;
  const add = (slug: string, kind: Nvl72PartKind, n: number): void => {
    out.push({ slug, u: u++, kind, n, role: ROLE[kind] });
  };
  for (let n = 1; n <= NVL72_POWER_SHELVES / 2; n++) add(NVL72_PART_SLUGS.shelf, 'ps', n);
  for (let n = NVL72_COMPUTE_TRAYS; n > 10; n--) add(NVL72_PART_SLUGS.compute, 'c', n);
  for (let n = NVL72_SWITCH_TRAYS; n >= 1; n--) add(NVL72_PART_SLUGS.switch, 's', n);
  for (let n = 10; n >= 1; n--) add(NVL72_PART_SLUGS.compute, 'c', n);
  for (let n = NVL72_POWER_SHELVES / 2 + 1; n <= NVL72_POWER_SHELVES; n++) add(NVL72_PART_SLUGS.shelf, 'ps', n);
  return out;
}
