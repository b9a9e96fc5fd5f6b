/** What the floor map is drawn from: one room, its rows, aisles, racks, cooling units and sensors (types only). */
import type { AshraeClass, CoolingUnitKind, Facing, RackCooling } from '../inventory/types';
import type { AisleKind, TileRect } from './geometry';

/**
 * The worst state of anything in a rack: a failed device or a failed/missing GPU → failed; an offline
 * device or a degraded/RMA GPU → degraded; planned, staged, in-inventory or decommissioning devices →
 * pending; everything active and ok → ok; no devices at all → empty.
 */
export type RackHealth = 'failed' | 'degraded' | 'pending' | 'ok' | 'empty';
export const RACK_HEALTHS: readonly RackHealth[] = ['failed', 'degraded', 'pending', 'ok', 'empty'];

export interface FloorRoom {
  readonly id: number;
  readonly name: string;
  readonly siteCode: string;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly tileMm: number;
  readonly ashraeClass: AshraeClass;
}

export interface FloorRow {
  readonly id: number;
  readonly name: string;
  readonly facing: Facing;
  /** The outline of the row's racks; rows without racks are not listed. */
  readonly rect: TileRect;
  readonly racks: number;
}

export interface FloorAisle {
  readonly kind: AisleKind;
  readonly rect: TileRect;
  readonly rows: readonly [string, string];
}

export interface FloorRack {
  readonly id: number;
  readonly name: string;
  readonly rowId: number | null;
  readonly row: string | null;
  readonly gridX: number;
  readonly gridY: number;
  readonly facing: Facing;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly uHeight: number;
  readonly cooling: RackCooling;
  readonly devices: number;
  readonly accelerators: number;
  readonly acceleratorsNotOk: number;
  /** Sum of the nameplate maximum of the rack's devices, kW. */
  readonly powerMaxKw: number;
  readonly powerBudgetKw: number;
  readonly health: RackHealth;
  /** Share of the rack's expected items found by the latest audit (0..1); null when no audit covers it. */
  readonly auditProgress: number | null;
  /** Latest inlet temperature at the rack, °C; null without telemetry. */
  readonly inletC: number | null;
  /** Latest temperature of the rack's hottest GPU, °C; null without telemetry. */
  readonly hottestGpuC: number | null;
}

export interface FloorCoolingUnit {
  readonly id: number;
  readonly kind: CoolingUnitKind;
  readonly name: string;
  readonly gridX: number;
  readonly gridY: number;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly facing: Facing;
  readonly capacityKw: number;
  readonly loop: string | null;
}

export interface FloorSensor {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  readonly position: string;
  readonly rackId: number | null;
  /** Tile coordinates (fractional: a sensor sits at a point, not on a tile). */
  readonly x: number;
  readonly y: number;
}

export interface FloorData {
  readonly room: FloorRoom;
  readonly rows: readonly FloorRow[];
  readonly aisles: readonly FloorAisle[];
  readonly racks: readonly FloorRack[];
  readonly coolingUnits: readonly FloorCoolingUnit[];
  readonly sensors: readonly FloorSensor[];
  /** Which of the optional metrics have any value in this room, so the map can say "no data" up front. */
  readonly available: { readonly audit: boolean; readonly inlet: boolean; readonly gpuTemp: boolean };
}

export interface RackPosition {
  readonly id: number;
  readonly name: string;
  readonly gridX: number;
  readonly gridY: number;
  readonly facing: Facing;
}

export interface MoveResult {
  /** Shared by the change-log entries of this move; null when nothing changed. */
  readonly changeSet: string | null;
  /** Racks whose position or facing changed. */
  readonly moved: readonly RackPosition[];
}

export interface AddRowResult {
  readonly changeSet: string;
  readonly row: { readonly id: number; readonly name: string; readonly created: boolean };
  readonly racks: readonly RackPosition[];
}

/**
 * The racks of a FloorData column by column, in the same order: what the console's map loads. As JSON a
 * 5,000-rack hall is about a sixth of the row-per-object form (which repeats twenty keys per rack), so it
 * is cheaper to copy out of the database worker, serialise, send and parse. Codes index FACINGS,
 * RACK_COOLING and RACK_HEALTHS.
 */
export interface PackedRacks {
  readonly id: readonly number[];
  readonly name: readonly string[];
  readonly rowId: ReadonlyArray<number | null>;
  /** The distinct row names; `row` holds an index into it per rack, -1 for a rack in no row. */
  readonly rowNames: readonly string[];
  readonly row: readonly number[];
  readonly gridX: readonly number[];
  readonly gridY: readonly number[];
  readonly facing: readonly number[];
  readonly widthTiles: readonly number[];
  readonly depthTiles: readonly number[];
  readonly uHeight: readonly number[];
  readonly cooling: readonly number[];
  readonly devices: readonly number[];
  readonly accelerators: readonly number[];
  readonly acceleratorsNotOk: readonly number[];
  readonly powerMaxKw: readonly number[];
  readonly powerBudgetKw: readonly number[];
  readonly health: readonly number[];
  /** Null when no rack of the room has a value (the usual case without audits or telemetry). */
  readonly auditProgress: ReadonlyArray<number | null> | null;
  readonly inletC: ReadonlyArray<number | null> | null;
  readonly hottestGpuC: ReadonlyArray<number | null> | null;
}

/** FloorData with its racks packed (PackedRacks); app/floor/packed.ts converts both ways. */
export interface PackedFloorData extends Omit<FloorData, 'racks'> {
  readonly racks: PackedRacks;
}
