/** Types of the audit engine shared by the core, the transports and the renderer (types only). */

export type AuditScopeKind = 'site' | 'room' | 'racks';
export type ItemKind = 'device' | 'accelerator';
export type ItemResult = 'matched' | 'misplaced' | 'unknown' | 'duplicate';
export type ScanResultKind = 'rack' | ItemResult;
/** Finishing an audit reconciles it; undo of an applied audit sets it back to reconciled. */
export type AuditState = 'scanning' | 'reconciled' | 'applied';
export type ReconCategory = 'missing' | 'misplaced' | 'unknown';
export type ReconAction = 'mark-missing' | 'move' | 'add';
export type Decision = 'accept' | 'reject';
/** Which identity field an unknown code is written to when it is added to the inventory. */
export type IdentityField = 'serial' | 'asset_tag';

export interface AuditSummary {
  readonly id: string;
  readonly scopeKind: AuditScopeKind;
  /** What the technician chose, e.g. "PHX1/DH1" or "PHX1/DH1: R01-01, R01-02". */
  readonly scopeLabel: string;
  readonly siteId: number | null;
  readonly roomId: number | null;
  readonly includeAccelerators: boolean;
  readonly technician: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly appliedAt: string | null;
  readonly changeSet: string | null;
  readonly state: AuditState;
  readonly expected: number;
  /** Expected items seen somewhere in the audit so far. */
  readonly seen: number;
  readonly scans: number;
  readonly racks: number;
  readonly racksDone: number;
}

/** Where an item is, or was expected: a rack (as SITE/ROOM/RACK), a U, and for accelerators the server and slot. */
export interface Location {
  readonly rackId: number;
  readonly rack: string;
  readonly u: number | null;
  readonly deviceId: number | null;
  readonly slot: number | null;
}

export interface ItemRef {
  readonly kind: ItemKind;
  readonly id: number;
  /** What the item is, e.g. "NVIDIA DGX H100 phx1-dh1-r01-01-n1" or "H100 SXM5 slot 3 in …". */
  readonly label: string;
  readonly serial: string | null;
  readonly assetTag: string | null;
}

export interface RackProgress {
  readonly rackId: number;
  readonly name: string;
  readonly path: string;
  readonly assetTag: string | null;
  readonly roomId: number;
  readonly gridX: number;
  readonly gridY: number;
  readonly expected: number;
  /** Expected items of this rack that were seen (here or elsewhere). */
  readonly seen: number;
  /** Items found in this rack that the inventory has elsewhere. */
  readonly misplacedHere: number;
  readonly unknownHere: number;
  /** Expected here and not seen anywhere yet; final only once the rack is done. */
  readonly notSeen: number;
  readonly done: boolean;
  readonly doneAt: string | null;
  /** For colouring: not walked yet, being walked, walked and all there, walked with problems. */
  readonly status: 'pending' | 'in-progress' | 'done' | 'done-with-issues';
}

export interface ScanResult {
  readonly result: ScanResultKind;
  readonly scan: string;
  readonly code: string;
  /** The rack the technician stands at after this scan. */
  readonly rack: { readonly id: number; readonly name: string; readonly path: string } | null;
  readonly item: ItemRef | null;
  /** Where the inventory expects the item (for misplaced: the other place). */
  readonly expected: Location | null;
  /** For a duplicate: where and when the item (or unknown code) was first seen. */
  readonly firstSeen: { readonly rack: string; readonly at: string } | null;
  /** One sentence for the technician, e.g. "Misplaced: expected in PHX1/DH1/R01-03 U7". */
  readonly message: string;
  readonly progress: { readonly rackExpected: number; readonly rackSeen: number; readonly expected: number; readonly seen: number };
}

export interface ScanRecord {
  readonly id: string;
  readonly code: string;
  readonly rackId: number;
  readonly rack: string;
  readonly u: number | null;
  readonly result: ScanResultKind;
  readonly item: ItemRef | null;
  readonly at: string;
  readonly by: string;
}

export interface MissingItem {
  readonly item: ItemRef;
  readonly expected: Location;
}

export interface RackDoneResult {
  readonly rack: RackProgress;
  readonly missing: readonly MissingItem[];
}

export interface AuditDetail {
  readonly audit: AuditSummary;
  readonly currentRack: { readonly id: number; readonly name: string; readonly path: string } | null;
  readonly racks: readonly RackProgress[];
  /** Newest first. */
  readonly recentScans: readonly ScanRecord[];
}

export interface ReconItem {
  /** Stable key for decisions, e.g. "missing:device:42", "misplaced:accelerator:7", "unknown:AT0099". */
  readonly key: string;
  readonly category: ReconCategory;
  readonly action: ReconAction;
  readonly code: string;
  readonly item: ItemRef | null;
  readonly from: Location | null;
  readonly to: Location | null;
  readonly decision: Decision;
  /** False while the decision is the default one. */
  readonly decided: boolean;
  /** Chosen device type (unknowns), position and target (moves). */
  readonly typeId: number | null;
  readonly identity: IdentityField | null;
  readonly uPosition: number | null;
  readonly targetDeviceId: number | null;
  readonly slot: number | null;
  /** Why the item cannot be accepted as it stands, e.g. "choose a device type". */
  readonly blocker: string | null;
  readonly applied: boolean;
  /** For an accelerator: the server it sits in (expected), so a list groups GPUs under their server. */
  readonly server: { readonly id: number; readonly label: string } | null;
}

export interface MatchedItem {
  readonly item: ItemRef;
  readonly at: Location;
}

export interface DuplicateItem {
  readonly code: string;
  readonly item: ItemRef | null;
  readonly seen: ReadonlyArray<{ readonly rack: string; readonly at: string; readonly by: string }>;
}

/**
 * A loose end an RMA case explains (issue 14): an expected GPU that left on a case (not missing), or a
 * scanned code that is a case's removed or replacement part (not unknown). Nothing to decide or apply.
 */
export interface RmaItem {
  readonly key: string;
  readonly kind: 'left' | 'replacement';
  readonly code: string;
  readonly caseId: number;
  readonly caseStatus: string;
  readonly item: ItemRef | null;
  /** Where the list expected it (left), else null. */
  readonly from: Location | null;
  /** Where it was scanned, else null. */
  readonly seenAt: Location | null;
  readonly note: string;
}

export interface ReconciliationDetails {
  readonly matched: readonly MatchedItem[];
  readonly missing: readonly ReconItem[];
  readonly misplaced: readonly ReconItem[];
  readonly unknown: readonly ReconItem[];
  readonly duplicates: readonly DuplicateItem[];
  /** Expected GPUs that left on an RMA case, and codes that are a case's parts: neither missing nor unknown. */
  readonly rma: readonly RmaItem[];
}

export interface Reconciliation {
  readonly audit: AuditSummary;
  readonly matched: number;
  readonly missing: number;
  readonly misplaced: number;
  readonly unknown: number;
  readonly duplicates: number;
  readonly rma: number;
  readonly details: ReconciliationDetails;
}

export interface ApplyResult {
  readonly audit: string;
  readonly changeSet: string;
  readonly markedMissing: number;
  readonly moved: number;
  readonly added: number;
  readonly rejected: number;
  readonly changes: number;
  /** Of markedMissing: devices and accelerators. */
  readonly markedMissingDevices: number;
  readonly markedMissingAccelerators: number;
  /** What changed, in words, e.g. "2 devices marked missing, 0 GPUs marked missing, 1 device moved, 0 added". */
  readonly summary: string;
}

/** Bulk decision over the reconciliation's items chosen by category, kind, rack and device. */
export interface BulkDecisionResult {
  readonly decided: number;
  /** Items the filter chose that could not be accepted as they stand, with why. */
  readonly skipped: ReadonlyArray<{ readonly key: string; readonly reason: string }>;
}

export interface AuditExport {
  readonly filename: string;
  readonly text: string;
  readonly scans: number;
  readonly hash: string;
}

export interface AuditImportResult {
  readonly audit: string;
  /** True when this database did not know the audit before. */
  readonly created: boolean;
  readonly scansAdded: number;
  readonly racksDoneAdded: number;
  readonly decisionsChanged: number;
  /** True when the file brought nothing new (e.g. imported twice). */
  readonly unchanged: boolean;
}

export interface AuditReport {
  readonly filename: string;
  readonly mime: string;
  readonly text: string;
}

export interface LabelSheet {
  readonly filename: string;
  readonly html: string;
  readonly labels: number;
}
