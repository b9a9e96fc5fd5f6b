/** Domain types of the inventory, shared by the core, the transports and the renderer (types only). */

export type Facing = 'N' | 'E' | 'S' | 'W';
export type AshraeClass = 'A1' | 'A2' | 'A3' | 'A4' | 'H1';
export type RackCooling = 'air' | 'rdhx' | 'dlc' | 'immersion';
export type DeviceCategory = 'gpu_server' | 'server' | 'switch' | 'storage' | 'pdu' | 'cdu' | 'patch_panel';
export type Airflow = 'front-to-back' | 'back-to-front' | 'liquid' | 'hybrid' | 'passive';
export type AcceleratorForm = 'SXM' | 'OAM' | 'PCIe' | 'custom';
export type DeviceFace = 'front' | 'rear';
/** `missing`: expected in its rack but not found by an audit. */
export type DeviceStatus = 'active' | 'planned' | 'staged' | 'offline' | 'failed' | 'missing' | 'decommissioning' | 'inventory';
export type AcceleratorStatus = 'ok' | 'degraded' | 'failed' | 'missing' | 'rma';
export type CoolingUnitKind = 'CDU' | 'CRAH' | 'CRAC';

export const FACINGS: readonly Facing[] = ['N', 'E', 'S', 'W'];
export const ASHRAE_CLASSES: readonly AshraeClass[] = ['A1', 'A2', 'A3', 'A4', 'H1'];
export const RACK_COOLING: readonly RackCooling[] = ['air', 'rdhx', 'dlc', 'immersion'];
export const DEVICE_STATUSES: readonly DeviceStatus[] = ['active', 'planned', 'staged', 'offline', 'failed', 'missing', 'decommissioning', 'inventory'];
export const ACCELERATOR_STATUSES: readonly AcceleratorStatus[] = ['ok', 'degraded', 'failed', 'missing', 'rma'];

export interface InventoryStats {
  readonly sites: number;
  readonly rooms: number;
  readonly rows: number;
  readonly racks: number;
  readonly devices: number;
  readonly accelerators: number;
  readonly coolingUnits: number;
  readonly sensors: number;
  readonly deviceTypes: number;
  readonly changes: number;
}

export interface RoomNode {
  readonly id: number;
  readonly name: string;
  readonly ashraeClass: AshraeClass;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly racks: number;
  readonly devices: number;
  readonly accelerators: number;
  readonly powerBudgetKw: number;
  /** Sum of the nameplate maximum of the devices placed in the room, in kW. */
  readonly powerMaxKw: number;
}

export interface SiteNode {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly timezone: string;
  readonly rooms: readonly RoomNode[];
}

export type SearchKind = 'site' | 'room' | 'rack' | 'device' | 'accelerator' | 'cooling_unit' | 'sensor';

export interface SearchHit {
  readonly kind: SearchKind;
  readonly id: number;
  /** What matched, e.g. the serial or hostname, with what it is. */
  readonly label: string;
  /** Which field matched: serial, asset_tag, uuid, board_serial, removed_serial (a part an RMA swap took out), hostname, name, code. */
  readonly field: string;
  readonly exact: boolean;
  /** Where the part is: site / room / rack / U / slot. */
  readonly path: string;
  readonly siteId: number | null;
  readonly roomId: number | null;
  readonly rackId: number | null;
  readonly deviceId: number | null;
}
