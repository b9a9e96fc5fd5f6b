import type { AshraeClass, RackCooling } from '../inventory/types';

/**
 * What the demo operator runs: four sites in four time zones, each on one GPU platform family, so the
 * halls look like real fleets (a DGX H100 air hall, an H200 direct-liquid hall, a B200 rear-door hall,
 * an OCP hall with MTIA inference racks).
 */
export interface PlatformPlan {
  /** device_types.slug of the GPU server. */
  readonly serverSlug: string;
  readonly serversPerRack: number;
  /** U where the first server sits; servers stack upwards without gaps. */
  readonly firstU: number;
  readonly rackBudgetKw: number;
  readonly cooling: RackCooling;
  readonly pduSlug: string;
  readonly firmware: string;
  /** GPU serial prefix (NVIDIA serials are 13 digits). */
  readonly serialPrefix: string;
}

export interface SitePlan {
  readonly code: string;
  readonly name: string;
  readonly timezone: string;
  readonly ashraeClass: AshraeClass;
  readonly platforms: readonly PlatformPlan[];
}

/** Floor geometry of a generated hall, in tiles. A row pair is rack, cold aisle, rack, hot aisle. */
export const HALL_MARGIN_X_TILES = 2;
export const HALL_MARGIN_TOP_TILES = 3;
export const HALL_MARGIN_BOTTOM_TILES = 3;
export const RACK_DEPTH_TILES = 2;
export const AISLE_TILES = 2;
export const ROW_PAIR_PITCH_TILES = 2 * RACK_DEPTH_TILES + 2 * AISLE_TILES;
export const CRAH_PITCH_TILES = 6;

export const GPU_RACKS_PER_ROW = 24;
export const MAX_ROWS_PER_HALL = 40;
/** Real 8-GPU HGX baseboards enumerate their GPUs on these PCI buses. */
export const HGX_PCI_BUSES = ['18', '2A', '3A', '5D', '9A', 'AB', 'BA', 'DB'] as const;

const DGX_H100: PlatformPlan = { serverSlug: 'dgx-h100', serversPerRack: 4, firstU: 3, rackBudgetKw: 45, cooling: 'rdhx', pduSlug: 'apc-ap8886', firmware: '96.00.89.00.01', serialPrefix: '165' };
const XE9680: PlatformPlan = { serverSlug: 'dell-xe9680', serversPerRack: 4, firstU: 3, rackBudgetKw: 48, cooling: 'air', pduSlug: 'apc-ap8886', firmware: '96.00.74.00.0B', serialPrefix: '165' };
const HGX_H200_LCC: PlatformPlan = { serverSlug: 'smc-hgx-h200-lcc', serversPerRack: 8, firstU: 3, rackBudgetKw: 90, cooling: 'dlc', pduSlug: 'vertiv-geist-60a-415v', firmware: '96.00.A5.00.01', serialPrefix: '165' };
const DGX_B200: PlatformPlan = { serverSlug: 'dgx-b200', serversPerRack: 4, firstU: 2, rackBudgetKw: 62, cooling: 'rdhx', pduSlug: 'vertiv-geist-60a-415v', firmware: '97.00.4B.00.01', serialPrefix: '182' };
const GRAND_TETON: PlatformPlan = { serverSlug: 'ocp-grand-teton-h100', serversPerRack: 4, firstU: 3, rackBudgetKw: 45, cooling: 'air', pduSlug: 'apc-ap8886', firmware: '96.00.89.00.01', serialPrefix: '165' };
const MTIA: PlatformPlan = { serverSlug: 'meta-mtia-v2-chassis', serversPerRack: 16, firstU: 3, rackBudgetKw: 25, cooling: 'air', pduSlug: 'apc-ap8886', firmware: 'mtia-fw-2.4.1', serialPrefix: 'MT2' };

export const SITE_PLANS: readonly SitePlan[] = [
  { code: 'PHX1', name: 'Phoenix Goodyear', timezone: 'America/Phoenix', ashraeClass: 'A2', platforms: [DGX_H100, XE9680] },
  { code: 'DUB2', name: 'Dublin Clondalkin', timezone: 'Europe/Dublin', ashraeClass: 'A1', platforms: [HGX_H200_LCC] },
  { code: 'SIN1', name: 'Singapore Tai Seng', timezone: 'Asia/Singapore', ashraeClass: 'H1', platforms: [DGX_B200] },
  { code: 'ODN1', name: 'Odense Tietgenbyen', timezone: 'Europe/Copenhagen', ashraeClass: 'A1', platforms: [GRAND_TETON, MTIA] },
];
