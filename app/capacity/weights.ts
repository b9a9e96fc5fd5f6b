/**
 * Shipping weights (kg) of the catalog's parts, from the vendors' spec sheets, for the weight check of a
 * placement. Parts not listed count DEFAULT_DEVICE_WEIGHT_KG per U (a loaded 1U server is 15–20 kg).
 */
export const DEVICE_WEIGHT_KG: Readonly<Record<string, number>> = {
  'dgx-h100': 130.45,
  'dgx-h200': 130.45,
  'dgx-b200': 142.4,
  'dell-xe9680': 107,
  'smc-hgx-h200-lcc': 77,
  'ocp-grand-teton-h100': 120,
  'meta-mtia-v2-chassis': 32,
  'coolit-chx80': 68,
  'apc-ap8886': 9.1,
  'vertiv-geist-60a-415v': 11,
  'nvidia-qm9700': 14.5,
  'nvidia-sn5600': 16.4,
  'arista-7060x5': 11.3,
  'ddn-ai400x2': 38,
  'dell-r760': 28.6,
  'patch-1u-48': 3,
};
export const DEFAULT_DEVICE_WEIGHT_KG_PER_U = 18;
/** What a 42U enclosure carries when no rack_limits row says otherwise (APC NetShelter SX static load, 1,361 kg). */
export const DEFAULT_RACK_MAX_WEIGHT_KG = 1361;

export function deviceWeightKg(slug: string, uHeight: number): number {
  return DEVICE_WEIGHT_KG[slug] ?? Math.max(1, uHeight) * DEFAULT_DEVICE_WEIGHT_KG_PER_U;
}

/** Rack-scale systems a what-if can place in an empty rack position. */
export interface RackScaleSystem {
  readonly slug: string;
  readonly label: string;
  /** Max power (kW) the position must carry on either feed. */
  readonly powerKw: number;
  readonly weightKg: number;
  /** Share of its heat that goes to liquid (the rest to the room air). */
  readonly liquidShare: number;
}

/** GB200 NVL72: 72 Blackwell GPUs in one liquid-cooled rack, ~132 kW max, ~1,360 kg (NVIDIA GB200 NVL72 spec). */
export const RACK_SCALE_SYSTEMS: readonly RackScaleSystem[] = [{ slug: 'gb200-nvl72', label: 'GB200 NVL72 (rack-scale, liquid)', powerKw: 132, weightKg: 1360, liquidShare: 0.85 }];
