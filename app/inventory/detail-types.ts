import type {
  AcceleratorForm,
  AcceleratorStatus,
  Airflow,
  AshraeClass,
  DeviceCategory,
  DeviceFace,
  DeviceStatus,
  Facing,
  RackCooling,
} from './types';
import type { ChangeEntry } from './change-log';

/** Result types of the inventory-console requests (rack elevation, device panel, editing, import). */

export interface DeviceTypeInfo {
  readonly id: number;
  readonly slug: string;
  readonly vendor: string;
  readonly model: string;
  readonly category: DeviceCategory;
  readonly uHeight: number;
  readonly fullDepth: boolean;
  readonly maxPowerW: number;
  readonly accelCount: number;
  readonly accelModel: string | null;
  readonly accelForm: AcceleratorForm | null;
  readonly accelTdpW: number | null;
  readonly airflow: Airflow;
}

export interface AcceleratorSlot {
  readonly id: number;
  readonly slot: number;
  readonly status: AcceleratorStatus;
}

export interface RackDevice {
  readonly id: number;
  readonly typeId: number;
  readonly vendor: string;
  readonly model: string;
  readonly category: DeviceCategory;
  /** Lowest U the device occupies; null for zero-U gear (PDUs) and unracked devices. */
  readonly uPosition: number | null;
  readonly uHeight: number;
  readonly face: DeviceFace;
  readonly fullDepth: boolean;
  readonly role: string;
  readonly hostname: string | null;
  readonly serial: string | null;
  readonly assetTag: string | null;
  readonly status: DeviceStatus;
  readonly maxPowerW: number;
  readonly accelerators: readonly AcceleratorSlot[];
}

export interface RackDetail {
  readonly id: number;
  readonly name: string;
  readonly site: { readonly id: number; readonly code: string };
  readonly room: { readonly id: number; readonly name: string; readonly ashraeClass: AshraeClass };
  readonly row: { readonly id: number; readonly name: string } | null;
  readonly gridX: number;
  readonly gridY: number;
  readonly facing: Facing;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly uHeight: number;
  readonly powerBudgetKw: number;
  /** Sum of the nameplate maximum of the rack's devices, in kW. */
  readonly powerMaxKw: number;
  readonly cooling: RackCooling;
  readonly loop: { readonly id: number; readonly name: string } | null;
  readonly assetTag: string | null;
  readonly devices: readonly RackDevice[];
}

export interface AcceleratorInfo {
  readonly id: number;
  readonly deviceId: number;
  readonly slot: number;
  readonly model: string;
  readonly serial: string | null;
  readonly uuid: string | null;
  readonly pciBusId: string | null;
  readonly firmware: string | null;
  readonly status: AcceleratorStatus;
}

/** A GPU as the device panel shows it: its row, and on a GB200 board the serial it shares with its sibling. */
export interface AcceleratorDetail extends AcceleratorInfo {
  /** nvidia-smi reports this board serial as the serial of both GPUs of the board. */
  readonly boardSerial: string | null;
}

export interface DeviceDetail extends RackDevice {
  readonly type: DeviceTypeInfo;
  readonly rack: { readonly id: number; readonly name: string; readonly uHeight: number } | null;
  readonly room: { readonly id: number; readonly name: string } | null;
  readonly site: { readonly id: number; readonly code: string } | null;
  readonly acceleratorList: readonly AcceleratorDetail[];
  readonly history: readonly ChangeEntry[];
}

export interface WriteResult {
  readonly id: number;
  /** The change-log entry that records the write. */
  readonly changeId: number;
}

export interface UndoResult {
  /** The entry that was undone. */
  readonly undone: ChangeEntry;
  /** The entry that records the undo itself. */
  readonly changeId: number;
  /** Entries reverted: more than one when the change was a set (a device with its GPUs, an import). */
  readonly undoneCount: number;
}

export type InventoryKind = 'sites' | 'rooms' | 'racks' | 'devices' | 'accelerators';

export interface ImportRowError {
  /** 1-based data row (the header is row 0), so "row 3" is the third record. */
  readonly row: number;
  readonly column: string;
  readonly reason: string;
  /** Physical line of the file where the record starts (differs from row + 1 after quoted line breaks). */
  readonly line?: number;
}

/** One field a row of an import changes (or would change, in a dry run); `id` is null for a new part. */
export interface ImportFieldChange {
  readonly row: number;
  readonly entity: string;
  readonly id: number | null;
  /** The part's hostname, serial, name or code as it is (a new part: as the row gives it), or null. */
  readonly label: string | null;
  /** The column name for references ("rack", "deviceType"), else the field. */
  readonly field: string;
  readonly before: string | number | boolean | null;
  readonly after: string | number | boolean | null;
}

export interface InventoryImportReport {
  readonly kind: InventoryKind;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly errors: readonly ImportRowError[];
  /** All errors found; `errors` lists at most IMPORT_ERROR_LIMIT of them. */
  readonly errorCount: number;
  /** Rows that match an existing part and change nothing. */
  readonly unchanged: number;
  /** Columns in the file that Floorwalk does not read; reported, not silently dropped. */
  readonly unknownColumns: readonly string[];
  readonly dryRun: boolean;
  /** True only when the rows were written (not a dry run, no error). */
  readonly committed: boolean;
  /** Field by field, what the rows without error change; at most IMPORT_CHANGE_LIMIT listed. */
  readonly changes: readonly ImportFieldChange[];
  /** All field changes; `changes` lists at most IMPORT_CHANGE_LIMIT of them. */
  readonly changeCount: number;
}

export interface InventoryExport {
  readonly kind: InventoryKind;
  readonly rows: number;
  readonly csv: string;
}
