/** Field replacement (RMA) cases and slot history. Pure types. */

export const RMA_STATUSES = ['suspect', 'rma-open', 'replaced', 'returned'] as const;
export type RmaStatus = (typeof RMA_STATUSES)[number];
export type RmaStep = 'open' | 'drain' | 'remove' | 'install' | 'verify' | 'close' | 'note';

export interface RmaEvent {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly step: RmaStep;
  readonly serial: string | null;
  readonly note: string | null;
}

export interface RmaCase {
  readonly id: number;
  readonly status: RmaStatus;
  readonly deviceId: number;
  readonly device: string;
  readonly slot: number;
  readonly acceleratorId: number | null;
  /** Site / hall / rack / U / host / GPU n. */
  readonly path: string;
  readonly rackId: number | null;
  readonly partSerial: string | null;
  readonly partUuid: string | null;
  readonly partModel: string | null;
  readonly newSerial: string | null;
  readonly newUuid: string | null;
  readonly reason: string | null;
  readonly findingKind: string | null;
  readonly evidence: unknown;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly swappedAt: string | null;
  readonly swappedBy: string | null;
  /** When a telemetry file first reported the new part in the slot (the swap is then verified). */
  readonly verifiedAt: string | null;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
  /**
   * A GB200 board's serial when the part is a whole board: its two GPUs share the serial and are replaced
   * together, one case per GPU slot, all steps taken on every case of the board at once.
   */
  readonly boardSerial: string | null;
  /** The cases of the same board, this one included, oldest first; empty for a single-GPU part. */
  readonly boardCaseIds: readonly number[];
  readonly events: readonly RmaEvent[];
}

export interface SlotHistoryEntry {
  readonly deviceId: number;
  readonly device: string;
  readonly slot: number;
  readonly serial: string | null;
  readonly uuid: string | null;
  readonly model: string | null;
  /** Null for the part that was in the slot before Floorwalk's first recorded swap. */
  readonly installedAt: string | null;
  readonly removedAt: string | null;
  readonly installedCaseId: number | null;
  readonly removedCaseId: number | null;
  /** True for the part in the slot now. */
  readonly current: boolean;
}

export interface SlotHistory {
  readonly deviceId: number;
  readonly device: string;
  readonly slot: number;
  readonly path: string;
  readonly entries: readonly SlotHistoryEntry[];
  readonly cases: readonly RmaCase[];
}

/** Where one serial has been: the slots it sat in and the cases it was on. */
export interface SerialHistory {
  readonly serial: string;
  readonly slots: readonly SlotHistoryEntry[];
  readonly cases: readonly RmaCase[];
  /** Where the part is now: a slot, or "removed on case N". */
  readonly now: string;
}
